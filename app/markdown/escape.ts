const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for use both in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * Makes text read literally inside Markdown inline content that does not start a line (e.g. link
 * text): the characters that open or close inline syntax (links, emphasis, code, raw HTML,
 * entities, strikethrough, table cells) are backslash-escaped, as CommonMark allows, and line
 * breaks become spaces, so a name can neither close the link, start a block nor carry a link of
 * its own. Parentheses are escaped too (an escaped `\\](` in link text still ends marked's link);
 * dots, hyphens and apostrophes stay readable.
 */
export function escapeMarkdownInline(text: string): string {
  return text.replace(/\s+/g, " ").replace(/[\\`*_[\]<>&!~|()]/g, (char) => `\\${char}`);
}
