import { Marked } from "marked";

import { escapeHtml } from "./escape";
import { isMentionToken, mentionExtension, type MentionToken } from "./mentions";
import { isAllowedHref, sanitizeHtml } from "./sanitize.server";

export type ResolveMention = (name: string) => { href: string } | null;

export interface RenderMarkdownOptions {
  /** Returns the profile link for a user name, or null when nobody has it. */
  resolveMention?: ResolveMention;
}

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
    // Images are not allowed (tracking pixels, layout abuse); keep what they describe.
    image({ text }) {
      return escapeHtml(text);
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
 * Renders forum Markdown to HTML that is safe to store and inject as-is.
 * Synchronous on purpose: it runs once, when a post is written.
 */
export function renderMarkdown(source: string, options: RenderMarkdownOptions = {}): string {
  // CommonMark asks for NUL to become U+FFFD; marked leaves it in place.
  const tokens = markdown.lexer(source.replace(/\0/g, "\uFFFD"));
  const { resolveMention } = options;
  if (resolveMention !== undefined) {
    markdown.walkTokens(tokens, (token) => {
      if (isMentionToken(token)) linkMention(token, resolveMention);
    });
  }
  return sanitizeHtml(markdown.parser(tokens));
}
