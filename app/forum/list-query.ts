import type { ThreadKind } from "../../db/schema";
import { isThreadKind } from "./kinds";

/** A thread list's filters as they travel in the URL: `?type=&collectivite=&thematique=&apres=`. */
export interface ListQuery {
  kind: ThreadKind | null;
  collectivite: string | null;
  topic: string | null;
  cursor: string | null;
}

/** Every query parameter `parseListQuery` reads (the page cache keys list pages by these only). */
export const listQueryParams = ["type", "collectivite", "thematique", "apres"] as const;

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function parseListQuery(params: URLSearchParams): ListQuery {
  const kind = params.get("type") ?? "";
  const collectivite = params.get("collectivite") ?? "";
  const topic = params.get("thematique") ?? "";
  return {
    kind: isThreadKind(kind) ? kind : null,
    collectivite: slugPattern.test(collectivite) ? collectivite : null,
    topic: slugPattern.test(topic) ? topic : null,
    cursor: params.get("apres") || null,
  };
}

export function listSearch(query: Partial<ListQuery>): string {
  const params = new URLSearchParams();
  if (query.kind) params.set("type", query.kind);
  if (query.collectivite) params.set("collectivite", query.collectivite);
  if (query.topic) params.set("thematique", query.topic);
  if (query.cursor) params.set("apres", query.cursor);
  const search = params.toString();
  return search ? `?${search}` : "";
}
