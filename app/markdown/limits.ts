/**
 * Bounds on what the Markdown renderer is asked to do, checked in one linear pass before marked
 * ever sees the text. marked recurses once per nested blockquote or list (about 1 800 `>` overflow
 * the stack) and its inline lexer is quadratic in the number of delimiters of one paragraph
 * (49 000 `<` took 2.5 s). Client-safe: forms check it too, with a message next to the field.
 */

/** Deepest nesting of quotes and lists; real posts rarely go past four. */
export const MARKDOWN_MAX_DEPTH = 16;

/**
 * Upper bound of Σ (delimiters × length) over the paragraphs of a post: a paragraph of 8 000
 * characters may carry 1 000 delimiters, or one of 2 000 characters 4 000 of them.
 */
export const MARKDOWN_MAX_COST = 8_000_000;

/**
 * Delimiters of one post, whatever their paragraphs: each may become an element (a link, an
 * emphasis) that the sanitizer then walks. Ordinary prose carries one per twenty characters or fewer.
 */
export const MARKDOWN_MAX_DELIMITERS = 6_000;

/** Lines of one post: a 50 000-character table of tiny rows costs too much to sanitize. */
export const MARKDOWN_MAX_LINES = 4_000;

// Characters at which marked's inline lexer stops and tries its rules (emphasis, code spans,
// links, images, raw HTML, entities, escapes, autolinks, mentions, strikethrough, tables).
const DELIMITER_CODES = new Uint8Array(128);
for (const char of "*_~`<>[]()!&\\@:|") DELIMITER_CODES[char.charCodeAt(0)] = 1;

export type MarkdownLimit = "depth" | "cost" | "delimiters" | "lines";

export interface MarkdownMeasure {
  depth: number;
  cost: number;
  delimiters: number;
  lines: number;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Counts the container markers (`>` and list markers) at the start of a line, with the
 * indentation before and between them (two columns per level, tabs as four): an upper bound of
 * the line's nesting whatever the lines before it opened.
 */
function lineDepth(source: string, start: number, end: number): number {
  let depth = 0;
  let columns = 0;
  let i = start;
  while (i < end) {
    const code = source.charCodeAt(i);
    if (code === 32) {
      columns += 1;
      i += 1;
    } else if (code === 9) {
      columns += 4;
      i += 1;
    } else if (code === 62 /* > */) {
      depth += 1;
      i += 1;
    } else if ((code === 45 || code === 42 || code === 43) /* - * + */ && (i + 1 === end || source.charCodeAt(i + 1) <= 32)) {
      depth += 1;
      i += 1;
    } else if (isDigit(code)) {
      let j = i;
      while (j < end && j - i < 10 && isDigit(source.charCodeAt(j))) j += 1;
      const mark = source.charCodeAt(j);
      if ((mark === 46 || mark === 41) /* . ) */ && (j + 1 === end || source.charCodeAt(j + 1) <= 32)) {
        depth += 1;
        i = j + 1;
      } else break;
    } else break;
  }
  // Without a marker, indentation is a continuation or code, not nesting.
  return depth === 0 ? 0 : depth + Math.floor(columns / 2);
}

/** One pass over the text: nesting depth, inline cost and line count. */
export function measureMarkdown(text: string): MarkdownMeasure {
  // marked reads a lone carriage return as a line break too.
  const source = text.replace(/\r\n?/g, "\n");
  let depth = 0;
  let cost = 0;
  let total = 0;
  let lines = 0;
  let runLength = 0;
  let runDelimiters = 0;
  let lineStart = 0;
  const length = source.length;
  for (let i = 0; i <= length; i += 1) {
    if (i < length && source.charCodeAt(i) !== 10) continue;
    lines += 1;
    const nesting = lineDepth(source, lineStart, i);
    depth = Math.max(depth, nesting);
    // Each level of a quote or list is lexed again by marked and opens an element: it costs
    // about three times an inline delimiter.
    total += 2 * nesting;
    let delimiters = 0;
    let blank = true;
    for (let j = lineStart; j < i; j += 1) {
      const code = source.charCodeAt(j);
      if (DELIMITER_CODES[code] === 1) delimiters += 1;
      // GFM links "www." without any delimiter.
      else if (code === 119 /* w */ && source.startsWith("ww.", j + 1)) delimiters += 1;
      // marked's blank line holds spaces and tabs only.
      if (code !== 32 && code !== 9) blank = false;
    }
    if (blank) {
      cost += runDelimiters * runLength;
      runDelimiters = 0;
      runLength = 0;
    } else {
      runDelimiters += delimiters;
      total += delimiters;
      runLength += i - lineStart + 1;
    }
    lineStart = i + 1;
  }
  cost += runDelimiters * runLength;
  return { depth, cost, delimiters: total, lines };
}

/** Which bound the text exceeds, if any. */
export function exceededMarkdownLimit(source: string): MarkdownLimit | null {
  const { depth, cost, delimiters, lines } = measureMarkdown(source);
  if (depth > MARKDOWN_MAX_DEPTH) return "depth";
  if (lines > MARKDOWN_MAX_LINES) return "lines";
  if (delimiters > MARKDOWN_MAX_DELIMITERS) return "delimiters";
  if (cost > MARKDOWN_MAX_COST) return "cost";
  return null;
}

const MESSAGES: Record<MarkdownLimit, string> = {
  depth: `Le message imbrique trop de citations ou de listes (${MARKDOWN_MAX_DEPTH} niveaux au plus).`,
  lines: `Le message compte trop de lignes (${MARKDOWN_MAX_LINES.toLocaleString("fr-FR")} au plus) : scindez-le en plusieurs messages.`,
  delimiters: `Le message contient trop de caractères de mise en forme (*, _, <, [, \`…) : ${MARKDOWN_MAX_DELIMITERS.toLocaleString("fr-FR")} au plus.`,
  cost: "Le message contient trop de caractères de mise en forme (*, _, <, [, `…) dans un même paragraphe : séparez les paragraphes par des lignes vides ou allégez la mise en forme.",
};

/** A French message for the body field, or null when the text is within every bound. */
export function markdownLimitProblem(source: string): string | null {
  const limit = exceededMarkdownLimit(source);
  return limit === null ? null : MESSAGES[limit];
}
