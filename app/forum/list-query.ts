import type { ThreadKind } from "../../db/schema";
import { isThreadKind } from "./kinds";

/** The orders of a thread list (`?tri=`): last activity is the default and stays out of the URL. */
export const threadSorts = ["activite", "nouveaux", "reponses", "utiles", "sans-reponse"] as const;
export type ThreadSort = (typeof threadSorts)[number];

export const sortLabels: Record<ThreadSort, string> = {
  activite: "Activité récente",
  nouveaux: "Plus récents",
  reponses: "Plus de réponses",
  utiles: "Plus utiles",
  "sans-reponse": "Sans réponse d'abord",
};

export function isThreadSort(value: string): value is ThreadSort {
  return (threadSorts as readonly string[]).includes(value);
}

/** A thread list's filters as they travel in the URL: `?type=&collectivite=&thematique=&tri=&apres=`. */
export interface ListQuery {
  kind: ThreadKind | null;
  collectivite: string | null;
  topic: string | null;
  sort: ThreadSort;
  cursor: string | null;
}

/** Every query parameter `parseListQuery` reads (the page cache keys list pages by these only). */
export const listQueryParams = ["type", "collectivite", "thematique", "tri", "apres"] as const;

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The sort asked for is not one of the list: the page answers 400 (in the site's layout). */
export class UnknownSortError extends Error {}

export function parseListQuery(params: URLSearchParams): ListQuery {
  const kind = params.get("type") ?? "";
  const collectivite = params.get("collectivite") ?? "";
  const topic = params.get("thematique") ?? "";
  const sort = params.get("tri") ?? "";
  return {
    kind: isThreadKind(kind) ? kind : null,
    collectivite: slugPattern.test(collectivite) ? collectivite : null,
    topic: slugPattern.test(topic) ? topic : null,
    sort: sort === "" ? "activite" : isThreadSort(sort) ? sort : "activite",
    cursor: params.get("apres") || null,
  };
}

/** The French 400 answer for a `?tri=` that is not one of the list; null when it is fine. */
export function sortError(params: URLSearchParams): string | null {
  const sort = params.get("tri");
  if (sort === null || sort === "" || isThreadSort(sort)) return null;
  return `Tri inconnu. Tris possibles : ${threadSorts.map((s) => `${s} (${sortLabels[s].toLowerCase()})`).join(", ")}.`;
}

/** Parses the list's query, refusing an unknown sort with a 400 response. */
export function requireListQuery(params: URLSearchParams): ListQuery {
  const error = sortError(params);
  if (error) throw new Response(error, { status: 400 });
  return parseListQuery(params);
}

export function listSearch(query: Partial<ListQuery>): string {
  const params = new URLSearchParams();
  if (query.kind) params.set("type", query.kind);
  if (query.collectivite) params.set("collectivite", query.collectivite);
  if (query.topic) params.set("thematique", query.topic);
  if (query.sort && query.sort !== "activite") params.set("tri", query.sort);
  if (query.cursor) params.set("apres", query.cursor);
  const search = params.toString();
  return search ? `?${search}` : "";
}
