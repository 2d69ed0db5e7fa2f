import { wordDiff, type DiffSegment } from "../forum/diff";

/**
 * A reference text is Markdown with numbered articles: each heading "Article 3" (any level, with an
 * optional title after the number: "## Article 3 — Cotisations") starts one. What precedes the first
 * article is the preamble. Client-safe.
 */

export interface Article {
  /** "3", "3 bis", or "" for the preamble. */
  number: string;
  /** The heading's text after the number ("Cotisations"), without separators. */
  title: string;
  /** The article's Markdown, heading included. */
  markdown: string;
}

const HEADING = /^#{1,6}[ \t]+Article[ \t]+(\d{1,4}(?:[ \t]*(?:bis|ter|quater))?)\b[ \t]*[-—–:.]*[ \t]*(.*)$/i;

export function splitArticles(markdown: string): Article[] {
  const articles: Article[] = [];
  let current: Article = { number: "", title: "", markdown: "" };
  const lines: string[] = [];
  const flush = () => {
    current.markdown = lines.join("\n").trim();
    if (current.number !== "" || current.markdown !== "") articles.push(current);
    lines.length = 0;
  };
  let fenced = false;
  for (const line of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : HEADING.exec(line);
    if (match) {
      flush();
      current = { number: match[1]!.replace(/[ \t]+/g, " ").toLowerCase(), title: match[2]!.replace(/#+\s*$/, "").trim(), markdown: "" };
    }
    lines.push(line);
  }
  flush();
  return articles;
}

/** The anchor of an article in a version's page: `article-3`, `article-3-bis`, `preambule`. */
export function articleAnchor(number: string): string {
  return number === "" ? "preambule" : `article-${number.replace(/ /g, "-")}`;
}

export function articleLabel(number: string): string {
  return number === "" ? "Préambule" : `Article ${number}`;
}

export interface ArticleChange {
  kind: "same" | "changed" | "added" | "removed";
  /** The article's number in the older version (null when added). */
  before: string | null;
  /** Its number in the newer version (null when removed). */
  after: string | null;
  title: string;
  /** Word-level differences of the article's text (the heading included). */
  segments: DiffSegment[];
  beforeText: string;
  afterText: string;
}

/** The body without its heading line, to recognize an article that was only renumbered. */
function bodyOf(article: Article): string {
  return article.number === "" ? article.markdown : article.markdown.split("\n").slice(1).join("\n").trim();
}

/**
 * Pairs the articles of two versions, then diffs each pair by words. An article is recognized by,
 * in order: the same text under another number (renumbered), the same title, the same number.
 * Unpaired articles are added or removed. The result follows the newer version, removed articles
 * placed after the article that preceded them.
 */
export function diffArticles(beforeText: string, afterText: string): ArticleChange[] {
  const before = splitArticles(beforeText);
  const after = splitArticles(afterText);
  const pairOf = new Map<number, number>();
  const taken = new Set<number>();
  const tryPair = (matches: (a: Article, b: Article) => boolean) => {
    after.forEach((b, j) => {
      if (pairOf.has(j)) return;
      const i = before.findIndex((a, index) => !taken.has(index) && matches(a, b));
      if (i >= 0) {
        pairOf.set(j, i);
        taken.add(i);
      }
    });
  };
  tryPair((a, b) => (a.number === "") === (b.number === "") && bodyOf(a) === bodyOf(b) && bodyOf(a) !== "");
  tryPair((a, b) => a.title !== "" && a.title.toLowerCase() === b.title.toLowerCase());
  tryPair((a, b) => a.number === b.number);

  const changes: ArticleChange[] = [];
  const emitRemovedBefore = (limit: number) => {
    for (let i = 0; i < limit; i += 1) {
      if (taken.has(i) || emitted.has(i)) continue;
      emitted.add(i);
      const a = before[i]!;
      changes.push({ kind: "removed", before: a.number, after: null, title: a.title, segments: [{ kind: "removed", text: a.markdown }], beforeText: a.markdown, afterText: "" });
    }
  };
  const emitted = new Set<number>();
  after.forEach((b, j) => {
    const i = pairOf.get(j);
    if (i === undefined) {
      changes.push({ kind: "added", before: null, after: b.number, title: b.title, segments: [{ kind: "added", text: b.markdown }], beforeText: "", afterText: b.markdown });
      return;
    }
    emitRemovedBefore(i);
    const a = before[i]!;
    const same = a.markdown === b.markdown;
    changes.push({
      kind: same ? "same" : "changed",
      before: a.number,
      after: b.number,
      title: b.title,
      segments: same ? [{ kind: "same", text: b.markdown }] : wordDiff(a.markdown, b.markdown),
      beforeText: a.markdown,
      afterText: b.markdown,
    });
  });
  emitRemovedBefore(before.length);
  return changes;
}
