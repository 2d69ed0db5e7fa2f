import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { listCollectiviteChoices } from "../collectivites/collectivites.server";
import { listCuratedThreads, pinnedFirst } from "../moderation/thread-lists.server";
import { listTopics } from "../topics/topics.server";
import { readDensity } from "./density.server";
import type { ListQuery } from "./list-query";
import { listThreads, markListRead } from "./list-threads.server";
import type { Viewer } from "./viewer";

/**
 * Everything a thread list page shows: the page of threads, the choices for its filter form and the
 * chosen density. A filter naming an unknown collectivité or thématique matches nothing, like any
 * other filter.
 */
export async function loadThreadListPage(
  db: Kysely<Database>,
  viewer: Viewer | null,
  query: ListQuery,
  fixed: { collectiviteId?: number; topicId?: number } = {},
  request: Request | null = null,
) {
  const [collectivites, topics, density] = await Promise.all([
    listCollectiviteChoices(db),
    listTopics(db),
    request ? readDensity(db, request, viewer) : Promise.resolve("normale" as const),
  ]);
  const collectiviteId = fixed.collectiviteId ?? (query.collectivite ? (collectivites.find((c) => c.slug === query.collectivite)?.id ?? -1) : null);
  const topicId = fixed.topicId ?? (query.topic ? (topics.find((t) => t.slug === query.topic)?.id ?? -1) : null);
  const { threads, nextCursor } = await listThreads(db, viewer, { kind: query.kind, collectiviteId, topicId, sort: query.sort }, query.cursor);
  // Pinned threads head the first page of the home page and of a thématique, in the default order, when not filtered further.
  const unfiltered =
    !query.cursor && query.sort === "activite" && !query.kind && !query.collectivite && (fixed.topicId !== undefined || !query.topic) && fixed.collectiviteId === undefined;
  const curated = unfiltered ? await listCuratedThreads(db, viewer, { topicId: fixed.topicId ?? null }) : { pinned: [], featured: [] };
  return {
    threads: pinnedFirst(curated.pinned, threads),
    featured: curated.featured,
    nextCursor,
    density,
    choices: { collectivites: collectivites.map(({ slug, name }) => ({ slug, name })), topics: topics.map(({ slug, name }) => ({ slug, name })) },
    now: Date.now(),
  };
}

/** "Tout marquer comme lu" for a list named by its URL filters (`type`, `collectivite`, `thematique`). */
export async function markListReadByQuery(db: Kysely<Database>, viewer: Viewer, query: ListQuery): Promise<number> {
  const [collectivites, topics] = await Promise.all([listCollectiviteChoices(db), listTopics(db)]);
  const collectiviteId = query.collectivite ? (collectivites.find((c) => c.slug === query.collectivite)?.id ?? -1) : null;
  const topicId = query.topic ? (topics.find((t) => t.slug === query.topic)?.id ?? -1) : null;
  return markListRead(db, viewer, { kind: query.kind, collectiviteId, topicId });
}
