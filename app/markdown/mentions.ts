import type { RendererExtension, Token, TokenizerExtension, Tokens } from "marked";

import { escapeHtml } from "./escape";

/**
 * `@name` mentions as a marked inline extension. Because it is a tokenizer,
 * marked never offers it text from code spans, code blocks or autolinks; link
 * text is excluded through the lexer's `inLink` state.
 */

export interface MentionToken extends Tokens.Generic {
  type: "mention";
  raw: string;
  name: string;
  /** Set by the caller after resolving the name; unresolved mentions stay text. */
  href?: string;
}

export interface FoundMention {
  raw: string;
  name: string;
}

// Starts with a letter or digit and never ends on "." or "-", so that
// "Merci @marie." or "@jean-luc-" leave the punctuation outside the name.
const MENTION = /^@([\p{L}\p{N}](?:[\p{L}\p{M}\p{N}._-]*[\p{L}\p{M}\p{N}_])?)/u;

// An "@" glued to a word, a path or another address is part of that thing
// (e-mail "jean@mairie", "a/@b", "x@@y"), not a mention.
const GLUED_BEFORE = /[\p{L}\p{M}\p{N}._+\-@/\\]/u;

/**
 * Finds a mention at the very start of `src`. `previousChar` is the character
 * just before `src` ("" at the start of a block).
 */
export function findMention(src: string, previousChar: string): FoundMention | null {
  if (previousChar !== "" && GLUED_BEFORE.test(previousChar)) return null;
  const match = MENTION.exec(src);
  const raw = match?.[0];
  const name = match?.[1];
  if (raw === undefined || name === undefined) return null;
  // "@marie@mairie.fr" is a malformed address, not a mention of "marie".
  if (src.charAt(raw.length) === "@") return null;
  return { raw, name };
}

export function isMentionToken(token: Token): token is MentionToken {
  return token.type === "mention" && typeof token.raw === "string" && typeof (token as Tokens.Generic).name === "string";
}

/**
 * Where marked's text scanner must stop so the tokenizer gets a chance at an
 * "@". Only the first "@" is examined, which keeps the lexer linear on inputs
 * like "@a@a@a…". When that "@" is glued to a word, the cut goes just after it:
 * cutting before it would hide "jean@" from the GFM e-mail lookahead and the
 * address would no longer be autolinked.
 */
export function mentionStart(src: string): number | undefined {
  const index = src.indexOf("@");
  if (index === -1) return undefined;
  return index > 0 && GLUED_BEFORE.test(src.charAt(index - 1)) ? index + 1 : index;
}

function lastCharacter(tokens: readonly Token[]): string {
  const previous = tokens.at(-1);
  return previous === undefined ? "" : previous.raw.slice(-1);
}

export const mentionExtension: TokenizerExtension & RendererExtension = {
  name: "mention",
  level: "inline",
  start(src) {
    return mentionStart(src);
  },
  tokenizer(src, tokens) {
    if (this.lexer.state.inLink) return undefined;
    const found = findMention(src, lastCharacter(tokens));
    if (found === null) return undefined;
    const token: MentionToken = { type: "mention", raw: found.raw, name: found.name };
    return token;
  },
  renderer(token) {
    if (!isMentionToken(token)) return false;
    if (token.href === undefined) return escapeHtml(token.raw);
    return `<a class="mention" href="${escapeHtml(token.href)}">@${escapeHtml(token.name)}</a>`;
  },
};
