import { escapeMarkdownInline } from "../markdown/escape";

/** The Markdown a "Citer" inserts: the quoted text, attributed, with a link back to the post. */
export function quoteMarkdown(post: { id: number; authorName: string; markdown: string }): string {
  const quoted = post.markdown
    .trim()
    .split("\n")
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
  return `> [${escapeMarkdownInline(post.authorName.trim())} a écrit](/messages/${post.id}) :\n>\n${quoted}\n\n`;
}
