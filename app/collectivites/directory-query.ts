import type { CollectiviteKind, EntPhase } from "../../db/schema";

/** The directory's sort and filter state, as it travels in the URL (`?tri=&ordre=&type=&phase=`). */

export const sortColumns = ["nom", "type", "ent", "etablissements", "lancement", "phase"] as const;
export type SortColumn = (typeof sortColumns)[number];
export type SortOrder = "asc" | "desc";

export const kinds: readonly CollectiviteKind[] = ["region", "departement", "commune", "autre"];
export const phases: readonly EntPhase[] = ["pilote", "generalisation"];

export interface DirectoryQuery {
  sort: SortColumn;
  order: SortOrder;
  kind: CollectiviteKind | null;
  phase: EntPhase | null;
}

/** Every query parameter `parseDirectoryQuery` reads (the page cache keys the directory by these only). */
export const directoryQueryParams = ["tri", "ordre", "type", "phase"] as const;

export const defaultQuery: DirectoryQuery = { sort: "nom", order: "asc", kind: null, phase: null };

function pick<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** Unknown values fall back to the defaults: a stale or hand-edited URL still shows the directory. */
export function parseDirectoryQuery(params: URLSearchParams): DirectoryQuery {
  return {
    sort: pick(sortColumns, params.get("tri")) ?? defaultQuery.sort,
    order: pick(["asc", "desc"] as const, params.get("ordre")) ?? defaultQuery.order,
    kind: pick(kinds, params.get("type")),
    phase: pick(phases, params.get("phase")),
  };
}

export function directorySearch(query: DirectoryQuery): string {
  const params = new URLSearchParams();
  if (query.sort !== defaultQuery.sort) params.set("tri", query.sort);
  if (query.order !== defaultQuery.order) params.set("ordre", query.order);
  if (query.kind) params.set("type", query.kind);
  if (query.phase) params.set("phase", query.phase);
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** The link a column header points to: sort by it, or flip the order if it already sorts. */
export function sortLink(query: DirectoryQuery, column: SortColumn): string {
  const order: SortOrder = query.sort === column && query.order === "asc" ? "desc" : "asc";
  return directorySearch({ ...query, sort: column, order });
}
