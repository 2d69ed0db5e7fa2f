/**
 * The `@…` being typed just before the caret, if any (client-safe): the same rules as the Markdown
 * mention extension — an "@" glued to a word or address is not a mention.
 */
const TYPED_MENTION = /(?:^|[^\p{L}\p{M}\p{N}._+\-@/\\])@([\p{L}\p{N}][\p{L}\p{M}\p{N}._-]{0,39})?$/u;

export function mentionBeforeCaret(textBeforeCaret: string): { query: string; start: number } | null {
  const match = TYPED_MENTION.exec(textBeforeCaret.slice(-60));
  if (!match) return null;
  const query = match[1] ?? "";
  return { query, start: textBeforeCaret.length - query.length - 1 };
}

/** What suggestions match on: at most 40 characters, no NUL. */
export function normalizeMentionQuery(value: string | null): string {
  return (value ?? "").replace(/\0/g, "").trim().slice(0, 40);
}
