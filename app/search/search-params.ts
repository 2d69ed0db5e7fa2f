import { kindLabels } from "../forum/kinds";
import { formatDate } from "../lib/dates";
import { emptyFilters, parseSearchQuery, type ParsedQuery, type SearchFilters, type SearchQuery } from "./query-parser";
import { formatSearchQuery } from "./query-format";
import { searchStatusPhrase } from "./statuses";
import { normalizeDate, normalizeHandle, normalizeKind, normalizeSlug, normalizeStatus } from "./normalizers";

/**
 * `/recherche` as a URL: `?q=` carries the whole query (words and filters); the page's form also
 * sends one control per filter and `filtres`, the filters as the page showed them. Without
 * JavaScript the box and the controls can disagree after an edit: a control whose value differs
 * from `filtres` was changed by the reader and wins; otherwise the box wins. With JavaScript they
 * never disagree (the form rewrites one from the other as the reader types).
 */

export type SearchSort = "pertinence" | "date" | "utile";

export const RESULTS_PER_PAGE = 20;
/** Pages beyond this are refused politely: the ranking window holds no more. */
export const MAX_PAGE = 50;

export interface SearchRequest {
  query: ParsedQuery;
  sort: SearchSort;
  page: number;
  /** The address had a `q` (even empty): a search was asked for, not just the page. */
  submitted: boolean;
}

export const controlNames = {
  kind: "type",
  status: "statut",
  topic: "thematique",
  collectivite: "collectivite",
  author: "membre",
  after: "apres",
  before: "avant",
  within: "dans",
} as const;

function control(params: URLSearchParams, name: string): string | null {
  if (!params.has(name)) return null;
  return (params.get(name) ?? "").trim().slice(0, 100);
}

export function readSearchRequest(params: URLSearchParams): SearchRequest {
  const query = parseSearchQuery(params.get("q") ?? "");
  const previous = params.has("filtres") ? parseSearchQuery(params.get("filtres") ?? "").filters : emptyFilters();
  const filters: SearchFilters = { ...query.filters, topics: [...query.filters.topics], collectivites: [...query.filters.collectivites] };
  const notices = [...query.notices];

  const kind = control(params, controlNames.kind);
  if (kind !== null) {
    const value = kind ? normalizeKind(kind) : null;
    if (kind && !value) notices.push(`« ${kind} » n'est pas un type de fil : filtre ignoré.`);
    else if (value !== previous.kind) filters.kind = value;
  }
  const status = control(params, controlNames.status);
  if (status !== null) {
    const value = status ? normalizeStatus(status) : null;
    if (status && !value) notices.push(`« ${status} » n'est pas un statut (proposition ou question) : filtre ignoré.`);
    else if (value !== previous.status) filters.status = value;
  }
  for (const [name, key] of [
    [controlNames.topic, "topics"],
    [controlNames.collectivite, "collectivites"],
  ] as const) {
    const raw = control(params, name);
    if (raw === null) continue;
    const value = raw ? normalizeSlug(raw) || null : null;
    const shown = previous[key][0] ?? null;
    if (value === shown) continue;
    const list = filters[key].filter((slug) => slug !== shown);
    filters[key] = value && !list.includes(value) ? [value, ...list] : list;
  }
  const author = control(params, controlNames.author);
  if (author !== null) {
    const value = author ? normalizeHandle(author) : null;
    if (author && !value) notices.push(`« ${author} » n'est pas un identifiant de membre : filtre ignoré.`);
    else if (value !== previous.author) filters.author = value;
  }
  for (const [name, key] of [
    [controlNames.after, "after"],
    [controlNames.before, "before"],
  ] as const) {
    const raw = control(params, name);
    if (raw === null) continue;
    const value = raw ? normalizeDate(raw) : null;
    if (raw && !value) notices.push(`« ${raw} » n'est pas une date (AAAA-MM-JJ) : filtre ignoré.`);
    else if (value !== previous[key]) filters[key] = value;
  }
  if (params.has(controlNames.within)) {
    const value = params.getAll(controlNames.within).includes("titre");
    if (value !== previous.titleOnly) filters.titleOnly = value;
  }

  const pageParam = Number(params.get("page") ?? "1");
  const page = Number.isInteger(pageParam) && pageParam >= 1 ? Math.min(pageParam, MAX_PAGE) : 1;
  return {
    query: { clauses: query.clauses, filters, notices: [...new Set(notices)] },
    sort: params.get("tri") === "date" ? "date" : params.get("tri") === "utile" ? "utile" : "pertinence",
    page,
    submitted: params.has("q"),
  };
}

/** The canonical address of a search: everything in `q`. */
export function searchHref(query: SearchQuery | string, options: { sort?: SearchSort; page?: number } = {}): string {
  const params = new URLSearchParams();
  params.set("q", typeof query === "string" ? query : formatSearchQuery(query));
  if (options.sort === "date" || options.sort === "utile") params.set("tri", options.sort);
  if (options.page && options.page > 1) params.set("page", String(options.page));
  return `/recherche?${params.toString()}`;
}

/** "2024-09-01" → "1 septembre 2024" (noon UTC is that day in Paris too). */
export function dayLabel(day: string): string {
  return formatDate(`${day}T12:00:00Z`);
}

export interface ActiveFilter {
  /** The filter as the query language writes it, e.g. "#formation". */
  token: string;
  /** What it means, in French, e.g. "thématique Formation". */
  label: string;
  /** The same search without this filter. */
  without: SearchQuery;
}

/** Each filter in force, with the query that drops it (for "relax this filter" links). */
export function activeFilters(
  query: SearchQuery,
  names: { topics?: Map<string, string>; collectivites?: Map<string, string>; author?: string | null } = {},
): ActiveFilter[] {
  const { clauses, filters } = query;
  const result: ActiveFilter[] = [];
  const push = (token: string, label: string, change: Partial<SearchFilters>) =>
    result.push({ token, label, without: { clauses, filters: { ...filters, ...change } } });
  for (const slug of filters.topics) {
    push(`#${slug}`, `thématique ${names.topics?.get(slug) ?? slug}`, { topics: filters.topics.filter((t) => t !== slug) });
  }
  for (const slug of filters.collectivites) {
    push(`collectivite:${slug}`, `collectivité ${names.collectivites?.get(slug) ?? slug}`, {
      collectivites: filters.collectivites.filter((c) => c !== slug),
    });
  }
  if (filters.author) push(`@${filters.author}`, `messages de ${names.author ?? `@${filters.author}`}`, { author: null });
  if (filters.kind) push(`type:${filters.kind}`, `type ${kindLabels[filters.kind]}`, { kind: null });
  if (filters.status) push(`statut:${filters.status}`, searchStatusPhrase(filters.status), { status: null });
  if (filters.after) push(`apres:${filters.after}`, `à partir du ${dayLabel(filters.after)}`, { after: null });
  if (filters.before) push(`avant:${filters.before}`, `avant le ${dayLabel(filters.before)}`, { before: null });
  if (filters.titleOnly) push("dans:titre", "titres seulement", { titleOnly: false });
  return result;
}
