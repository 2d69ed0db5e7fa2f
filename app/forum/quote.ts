/** The Markdown a "Citer" inserts: the quoted text, attributed, with a link back to the post. */
export function quoteMarkdown(post: { id: number; authorName: string; markdown: string }): string {
  const quoted = post.markdown
    .trim()
    .split("\n")
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
  return `> [${post.authorName.replace(/[[\]]/g, "")} a écrit](/messages/${post.id}) :\n>\n${quoted}\n\n`;
}
