import type { Clause, SearchFilters, SearchQuery, TextTerm } from "./query-parser";

/** A parsed query back to text (the search box after a search), and what it asks for. */

function formatTerm(term: TextTerm): string {
  // A searched word that reads as the OR operator is written as a one-word phrase.
  const quoted = term.type === "phrase" || term.text === "OR" || term.text === "OU";
  const text = quoted ? `"${term.text}"` : term.text;
  return term.negated ? `-${text}` : text;
}

export function formatText(clauses: Clause[]): string {
  return clauses.map((clause) => clause.any.map(formatTerm).join(" OR ")).join(" ");
}

/** The filters as query text, in a fixed order. */
export function formatFilters(filters: SearchFilters): string {
  const parts: string[] = [];
  for (const topic of filters.topics) parts.push(`#${topic}`);
  for (const collectivite of filters.collectivites) parts.push(`collectivite:${collectivite}`);
  if (filters.author) parts.push(`@${filters.author}`);
  if (filters.kind) parts.push(`type:${filters.kind}`);
  if (filters.status) parts.push(`statut:${filters.status}`);
  if (filters.after) parts.push(`apres:${filters.after}`);
  if (filters.before) parts.push(`avant:${filters.before}`);
  if (filters.titleOnly) parts.push("dans:titre");
  return parts.join(" ");
}

/** The normalized query: what the search box shows after a search. */
export function formatSearchQuery(query: SearchQuery): string {
  return [formatText(query.clauses), formatFilters(query.filters)].filter(Boolean).join(" ");
}

export function hasText(query: SearchQuery): boolean {
  return query.clauses.length > 0;
}

/** At least one term that is not excluded: what an index can look up. */
export function hasPositiveText(query: SearchQuery): boolean {
  return query.clauses.some((clause) => clause.any.every((term) => !term.negated));
}

export function hasFilters(filters: SearchFilters): boolean {
  return (
    filters.topics.length > 0 ||
    filters.collectivites.length > 0 ||
    filters.author !== null ||
    filters.kind !== null ||
    filters.status !== null ||
    filters.after !== null ||
    filters.before !== null ||
    filters.titleOnly
  );
}

/** Every word the query searches for (not excluded), phrases split, for suggestions and hints. */
export function positiveWords(query: SearchQuery): string[] {
  const words: string[] = [];
  for (const clause of query.clauses) {
    for (const term of clause.any) if (!term.negated) words.push(...term.text.split(" "));
  }
  return [...new Set(words)];
}

/** Every word of the query, excluded ones too. */
export function allWords(query: SearchQuery): string[] {
  return [...new Set(query.clauses.flatMap((clause) => clause.any.flatMap((term) => term.text.split(" "))))];
}
