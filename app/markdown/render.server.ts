import { Marked } from "marked";

import { OWN_FILE_SRC } from "../files/limits";
import { escapeHtml } from "./escape";
import { exceededMarkdownLimit } from "./limits";
import { isMentionToken, mentionExtension, type MentionToken } from "./mentions";
import { isAllowedHref, sanitizeHtml } from "./sanitize.server";

export type ResolveMention = (name: string) => { href: string } | null;

export interface ImageFacts {
  width: number;
  height: number;
}

export interface RenderMarkdownOptions {
  /** Returns the profile link for a user name, or null when nobody has it. */
  resolveMention?: ResolveMention;
  /** The display size of one of the site's image files, by id, when known. */
  resolveImage?: (fileId: string) => ImageFacts | null;
}

let currentImages: RenderMarkdownOptions["resolveImage"];

// A dedicated instance: extensions registered elsewhere on the global `marked`
// must never change what we store.
const markdown = new Marked({
  async: false,
  gfm: true,
  // Forum posts are written like e-mails: a single newline is a line break.
  breaks: true,
  pedantic: false,
  silent: false,
  extensions: [mentionExtension],
  renderer: {
    // Authors are not trusted with markup: raw HTML is shown as they typed it.
    html({ text, block }) {
      if (!block) return escapeHtml(text);
      return `<p>${escapeHtml(text.replace(/\n+$/, "")).replace(/\n/g, "<br>\n")}</p>\n`;
    },
    // After an inline <pre>, <code>, <kbd> or <script> tag marked passes the
    // following text through unescaped, expecting raw HTML; we print that tag as
    // text, so what follows it is text too.
    text(token) {
      if (token.type !== "text" || token.escaped !== true || token.tokens !== undefined) return false;
      return escapeHtml(token.text);
    },
    // A link we would strip anyway is better shown as its text than as a dead anchor.
    link(token) {
      return isAllowedHref(token.href) ? false : this.parser.parseInline(token.tokens);
    },
    // Only the site's own files are shown (docs/files.md): the display version, with its size when
    // known (no layout shift), linked to the original. Any other image keeps what it describes.
    image({ href, text }) {
      const own = OWN_FILE_SRC.exec(href);
      if (!own || own[2]) return escapeHtml(text);
      const facts = currentImages?.(own[1]!) ?? null;
      const size = facts ? ` width="${facts.width}" height="${facts.height}"` : "";
      return `<a href="${escapeHtml(href)}"><img src="${escapeHtml(href)}?v=affichage" alt="${escapeHtml(text)}"${size}></a>`;
    },
    // The default renders an <input>, which the sanitizer would drop.
    checkbox({ checked }) {
      return checked ? "☑ " : "☐ ";
    },
  },
});

function linkMention(token: MentionToken, resolve: ResolveMention): void {
  const target = resolve(token.name);
  if (target !== null && isAllowedHref(target.href)) token.href = target.href;
}

/**
 * Text beyond the bounds of `limits.ts` (which forms refuse, but older posts or direct calls may
 * carry) is shown as escaped paragraphs: linear, and nothing in it is markup. It still goes
 * through the sanitizer, so that stored HTML has one shape whatever path produced it.
 */
function plainTextHtml(source: string): string {
  return source
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "")
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, "<br>\n")}</p>\n`)
    .join("");
}

/**
 * Renders forum Markdown to HTML that is safe to store and inject as-is.
 * Synchronous on purpose: it runs once, when a post is written. Never throws, whatever the input.
 */
export function renderMarkdown(text: string, options: RenderMarkdownOptions = {}): string {
  // CommonMark asks for NUL to become U+FFFD; marked leaves it in place.
  const source = text.replace(/\0/g, "\uFFFD");
  if (exceededMarkdownLimit(source) !== null) return sanitizeHtml(plainTextHtml(source));
  const tokens = markdown.lexer(source);
  const { resolveMention } = options;
  if (resolveMention !== undefined) {
    markdown.walkTokens(tokens, (token) => {
      if (isMentionToken(token)) linkMention(token, resolveMention);
    });
  }
  currentImages = options.resolveImage;
  try {
    return sanitizeHtml(markdown.parser(tokens));
  } finally {
    currentImages = undefined;
  }
}
