/**
 * A post as a small tree of the Markdown the generator writes (headings, paragraphs, lists, quotes,
 * bold), rendered two ways from the same tree: the Markdown source the author "typed", and the
 * HTML the app would store for it. The HTML renderer escapes every character of text and emits
 * exactly what `renderMarkdown` (marked + sanitize-html) gives for this subset; a unit test checks
 * that on generated posts, so the stored HTML is the app's own and safe.
 */

/** Inline content: text, or bold text. */
export type Inline = string | { strong: string };

export type Block =
  | { type: "heading"; level: 2 | 3; text: string }
  /** Each line is a line break (`breaks: true`) inside one paragraph. */
  | { type: "paragraph"; lines: Inline[][] }
  | { type: "list"; ordered: boolean; items: Inline[][] }
  | { type: "quote"; text: string };

export type Doc = Block[];

function inlineMarkdown(pieces: Inline[]): string {
  return pieces.map((p) => (typeof p === "string" ? p : `**${p.strong}**`)).join("");
}

export function toMarkdown(doc: Doc): string {
  return doc
    .map((block) => {
      switch (block.type) {
        case "heading":
          return `${"#".repeat(block.level)} ${block.text}`;
        case "paragraph":
          return block.lines.map(inlineMarkdown).join("\n");
        case "list":
          return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : "-"} ${inlineMarkdown(item)}`).join("\n");
        case "quote":
          return `> ${block.text}`;
      }
    })
    .join("\n\n");
}

/** Text content escaping, as sanitize-html serializes it (quotes are harmless outside attributes). */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

function inlineHtml(pieces: Inline[]): string {
  return pieces.map((p) => (typeof p === "string" ? escapeText(p) : `<strong>${escapeText(p.strong)}</strong>`)).join("");
}

export function toHtml(doc: Doc): string {
  let html = "";
  for (const block of doc) {
    switch (block.type) {
      case "heading":
        html += `<h${block.level}>${escapeText(block.text)}</h${block.level}>\n`;
        break;
      case "paragraph":
        html += `<p>${block.lines.map(inlineHtml).join("<br />")}</p>\n`;
        break;
      case "list": {
        const tag = block.ordered ? "ol" : "ul";
        html += `<${tag}>\n${block.items.map((item) => `<li>${inlineHtml(item)}</li>\n`).join("")}</${tag}>\n`;
        break;
      }
      case "quote":
        html += `<blockquote>\n<p>${escapeText(block.text)}</p>\n</blockquote>\n`;
        break;
    }
  }
  return html;
}
