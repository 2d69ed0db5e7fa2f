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
 * Makes text read literally inside Markdown inline content (e.g. link text): every ASCII
 * punctuation character is backslash-escaped, as CommonMark allows, and line breaks become
 * spaces, so a name can neither close the link, start a block nor carry a link of its own.
 */
export function escapeMarkdownInline(text: string): string {
  return text.replace(/\s+/g, " ").replace(/[!-/:-@[-`{-~]/g, (char) => `\\${char}`);
}
