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

const QUOTE_LINK = /\]\(\/messages\/([1-9]\d{0,9})\)/g;

/**
 * The posts a Markdown text quotes: links to `/messages/<id>` inside a blockquote, as "Citer"
 * writes them. At most 50, each once.
 */
export function quotedPostIds(markdown: string): number[] {
  const ids = new Set<number>();
  for (const line of markdown.split("\n")) {
    if (!line.trimStart().startsWith(">")) continue;
    for (const match of line.matchAll(QUOTE_LINK)) {
      const id = Number(match[1]);
      if (id <= 2_147_483_647) ids.add(id);
      if (ids.size >= 50) return [...ids];
    }
  }
  return [...ids];
}
