import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { can } from "../auth/permissions";
import { findCollectiviteBySlug } from "../collectivites/collectivites.server";
import { pageOfPosition } from "../forum/pages";
import { threadPath } from "../forum/slug";
import { findMergedThread } from "../forum/thread-redirects.server";
import { findThread } from "../forum/threads.server";
import type { Viewer } from "../forum/viewer";
import { isSlug } from "../lib/ids";
import { publicOrigin } from "../lib/origin.server";
import { findTopicBySlug } from "../topics/topics.server";
import { feedUpdated, renderAtom, type AtomEntry } from "./atom";
import { feedPaths } from "./paths";

/**
 * The Atom feeds (issue 12, item 5): the latest threads (everyone's, a thématique's, a
 * collectivité's) and the posts of one thread, as the viewer may read them: visitors get public
 * threads only; a member's personal feed (a secret token) adds members-only threads. Deleted
 * threads, deleted posts and posts hidden by the moderation never appear. Each feed costs a
 * bounded number of queries (at most three) and holds the latest FEED_SIZE entries.
 */

export const FEED_SIZE = 50;
/** `updated` of a feed without entries, fixed so that its ETag does not change. */
const EMPTY_FEED_UPDATED = new Date("2026-01-01T00:00:00Z");

export interface FeedDocument {
  xml: string;
  updated: Date;
}

type ThreadScope = { kind: "latest" } | { kind: "topic"; topicId: number } | { kind: "collectivite"; collectiviteId: number };

function origin(): string {
  return publicOrigin();
}

export function absolute(path: string): string {
  return `${origin()}${path}`;
}

/** The latest threads by activity, each with its opening post (unless deleted or hidden): one query. */
async function latestThreadEntries(db: Kysely<Database>, viewer: Viewer | null, scope: ThreadScope): Promise<AtomEntry[]> {
  let query = db
    .selectFrom("thread")
    .innerJoin("app_user as author", "author.id", "thread.author_id")
    .leftJoin("post as opening", (join) =>
      join.onRef("opening.thread_id", "=", "thread.id").on("opening.position", "=", 1).on("opening.deleted_at", "is", null).on("opening.hidden_at", "is", null),
    )
    .select([
      "thread.id",
      "thread.slug",
      "thread.title",
      "thread.created_at as createdAt",
      "thread.last_activity_at as lastActivityAt",
      "thread.reply_count as replyCount",
      "author.display_name as authorName",
      "opening.body_html as html",
    ])
    .where("thread.deleted_at", "is", null)
    .where("thread.unlisted_at", "is", null);
  if (!can(viewer, "thread.readMembers")) query = query.where("thread.visibility", "=", "public");
  if (scope.kind === "topic") {
    const id = scope.topicId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom("thread_topic as tt").select("tt.thread_id").whereRef("tt.thread_id", "=", "thread.id").where("tt.topic_id", "=", id)),
    );
  }
  if (scope.kind === "collectivite") {
    const id = scope.collectiviteId;
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom("thread_collectivite as tc").select("tc.thread_id").whereRef("tc.thread_id", "=", "thread.id").where("tc.collectivite_id", "=", id),
      ),
    );
  }
  const rows = await query.orderBy("thread.last_activity_at", "desc").orderBy("thread.id", "desc").limit(FEED_SIZE).execute();
  return rows.map((row) => ({
    id: absolute(`/fils/${row.id}`),
    title: row.title,
    link: absolute(threadPath(row)),
    published: new Date(row.createdAt),
    updated: new Date(row.lastActivityAt),
    authorName: row.authorName,
    html: row.html === null ? null : `${row.html}\n<p>${replies(row.replyCount)}</p>`,
  }));
}

function replies(count: number): string {
  return count === 0 ? "Aucune réponse pour l'instant." : `${count} réponse${count > 1 ? "s" : ""}.`;
}

export function feedDocument(
  entries: AtomEntry[],
  head: { id: string; title: string; subtitle?: string; selfPath: string; alternatePath: string },
): FeedDocument {
  const updated = feedUpdated(entries, EMPTY_FEED_UPDATED);
  const xml = renderAtom({
    id: head.id,
    title: head.title,
    subtitle: head.subtitle,
    self: absolute(head.selfPath),
    alternate: absolute(head.alternatePath),
    base: `${origin()}/`,
    updated,
    entries,
  });
  return { xml, updated };
}


/** The personal feed's address, shown once to its member. */
export function personalFeedUrl(token: string): string {
  return absolute(feedPaths.personal(token));
}

/** The public feed of the latest threads (visitors' view, whoever asks: feed readers send no cookie). */
export async function latestThreadsFeed(db: Kysely<Database>): Promise<FeedDocument> {
  const entries = await latestThreadEntries(db, null, { kind: "latest" });
  return feedDocument(entries, {
    id: absolute(feedPaths.latest),
    title: "OpenENT Échanges — derniers fils",
    subtitle: "Les fils publics les plus récemment actifs",
    selfPath: feedPaths.latest,
    alternatePath: "/",
  });
}

/** A member's personal feed: the latest threads this member may read, members-only ones included. */
export async function personalFeed(db: Kysely<Database>, member: Viewer & { displayName: string }, token: string): Promise<FeedDocument> {
  const entries = await latestThreadEntries(db, member, { kind: "latest" });
  const host = new URL(origin()).hostname;
  return feedDocument(entries, {
    // Never the token: a feed id is shown and shared by feed readers.
    id: `tag:${host},2026:flux/membre/${member.id}`,
    title: `OpenENT Échanges — derniers fils (flux personnel de ${member.displayName})`,
    selfPath: feedPaths.personal(token),
    alternatePath: "/",
  });
}

/** Slug from `<slug>.atom`, or null. */
export function feedSlug(file: string | undefined): string | null {
  if (!file?.endsWith(".atom")) return null;
  const slug = file.slice(0, -".atom".length);
  return isSlug(slug) ? slug : null;
}

export async function topicFeed(db: Kysely<Database>, file: string | undefined): Promise<FeedDocument | null> {
  const slug = feedSlug(file);
  const topic = slug ? await findTopicBySlug(db, slug) : undefined;
  if (!topic) return null;
  const entries = await latestThreadEntries(db, null, { kind: "topic", topicId: topic.id });
  return feedDocument(entries, {
    id: absolute(feedPaths.topic(topic.slug)),
    title: `OpenENT Échanges — ${topic.name}`,
    subtitle: `Les fils publics de la thématique « ${topic.name} »`,
    selfPath: feedPaths.topic(topic.slug),
    alternatePath: `/thematiques/${topic.slug}`,
  });
}

export async function collectiviteFeed(db: Kysely<Database>, file: string | undefined): Promise<FeedDocument | null> {
  const slug = feedSlug(file);
  const collectivite = slug ? await findCollectiviteBySlug(db, slug) : undefined;
  if (!collectivite) return null;
  const entries = await latestThreadEntries(db, null, { kind: "collectivite", collectiviteId: collectivite.id });
  return feedDocument(entries, {
    id: absolute(feedPaths.collectivite(collectivite.slug)),
    title: `OpenENT Échanges — ${collectivite.name}`,
    subtitle: `Les fils publics qui concernent ${collectivite.name}`,
    selfPath: feedPaths.collectivite(collectivite.slug),
    alternatePath: `/collectivites/${collectivite.slug}`,
  });
}

/** `12-some-slug.atom` or `12.atom` → 12. */
export function feedThreadId(file: string | undefined): number | null {
  const match = /^(\d{1,9})(?:-[a-z0-9-]{0,200})?\.atom$/.exec(file ?? "");
  return match ? Number(match[1]) : null;
}

/**
 * A thread merged into another (its feed is gone): the feed of the thread it went into, for a
 * reader to be sent there (301), when visitors may read that thread; otherwise null.
 */
export async function mergedThreadFeedPath(db: Kysely<Database>, file: string | undefined): Promise<string | null> {
  const id = feedThreadId(file);
  const merged = id ? await findMergedThread(db, null, id) : null;
  return merged && merged !== "sign-in" ? feedPaths.thread(merged) : null;
}

/** The latest posts of a public thread (newest first): two queries. */
export async function threadFeed(db: Kysely<Database>, file: string | undefined): Promise<FeedDocument | null> {
  const id = feedThreadId(file);
  const found = id ? await findThread(db, null, id) : null;
  if (!found || found.status !== "found") return null;
  const thread = found.thread;
  const rows = await db
    .selectFrom("post")
    .innerJoin("app_user as author", "author.id", "post.author_id")
    .select(["post.id", "post.position", "post.body_html as html", "post.created_at as createdAt", "post.edited_at as editedAt", "author.display_name as authorName"])
    .where("post.thread_id", "=", thread.id)
    .where("post.deleted_at", "is", null)
    .where("post.hidden_at", "is", null)
    .orderBy("post.position", "desc")
    .limit(FEED_SIZE)
    .execute();
  const path = threadPath(thread);
  const entries: AtomEntry[] = rows.map((row) => ({
    id: absolute(`/messages/${row.id}`),
    title: row.position === 1 ? thread.title : `Réponse de ${row.authorName} — ${thread.title}`,
    link: absolute(`${path}?page=${pageOfPosition(row.position)}#message-${row.id}`),
    published: new Date(row.createdAt),
    updated: new Date(row.editedAt ?? row.createdAt),
    authorName: row.authorName,
    html: row.html,
  }));
  return feedDocument(entries, {
    id: absolute(`/fils/${thread.id}`),
    title: `OpenENT Échanges — ${thread.title}`,
    subtitle: "Les derniers messages du fil",
    selfPath: feedPaths.thread(thread),
    alternatePath: path,
  });
}
