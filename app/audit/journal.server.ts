import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { can, type Actor } from "../auth/permissions";
import type { JournalFilters } from "./journal-query";

/** The journal of moderation and administration acts, filtered, newest first (/moderation/journal). */

export const JOURNAL_PAGE_SIZE = 50;

export interface JournalLink {
  to: string;
  label: string;
}

export interface JournalEntry {
  id: number;
  action: string;
  details: Record<string, unknown>;
  createdAt: Date;
  actorId: number | null;
  actorName: string | null;
  targetUserId: number | null;
  targetName: string | null;
  links: JournalLink[];
}

export interface JournalPage {
  entries: JournalEntry[];
  nextBefore: number | null;
  actors: { id: number; name: string }[];
}

function positiveInt(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

function slugOf(value: unknown): string | null {
  return typeof value === "string" && /^[a-z0-9-]{1,120}$/.test(value) ? value : null;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/** Links to what an entry names: only what its details store (nothing is guessed). */
export function journalLinks(action: string, details: Record<string, unknown>): JournalLink[] {
  const links: JournalLink[] = [];
  const threadId = positiveInt(details.threadId);
  if (threadId && !(action === "post.deleted" && details.threadDeleted === true)) links.push({ to: `/fils/${threadId}`, label: `Fil n° ${threadId}` });
  // Split and merge: where the posts went (a merged thread's own address redirects there too).
  const targetThreadId = positiveInt(details.targetThreadId);
  if (targetThreadId && targetThreadId !== threadId) links.push({ to: `/fils/${targetThreadId}`, label: `Fil d'arrivée n° ${targetThreadId}` });
  const postId = positiveInt(details.postId);
  if (postId && action !== "post.deleted") links.push({ to: `/messages/${postId}`, label: `Message n° ${postId}` });
  if (action.startsWith("topic.")) {
    const slug = slugOf(record(details.after).slug);
    if (slug) links.push({ to: `/thematiques/${slug}`, label: `Thématique « ${String(record(details.after).name ?? slug)} »` });
  }
  if (action.startsWith("collectivite.")) {
    const slug = slugOf(details.slug);
    if (slug) links.push({ to: `/collectivites/${slug}`, label: "Profil de la collectivité" });
  }
  return links;
}

export async function loadJournalPage(
  db: Kysely<Database>,
  actor: Actor | null,
  filters: JournalFilters,
): Promise<{ ok: true; page: JournalPage } | { ok: false; status: 403 }> {
  if (!can(actor, "journal.read")) return { ok: false, status: 403 };
  let select = db
    .selectFrom("audit_log")
    .leftJoin("app_user as actor", "actor.id", "audit_log.actor_id")
    .leftJoin("app_user as target", "target.id", "audit_log.target_user_id")
    .select([
      "audit_log.id",
      "audit_log.action",
      "audit_log.details",
      "audit_log.created_at as createdAt",
      "audit_log.actor_id as actorId",
      "actor.display_name as actorName",
      "audit_log.target_user_id as targetUserId",
      "target.display_name as targetName",
    ]);
  if (filters.actorId !== null) select = select.where("audit_log.actor_id", "=", filters.actorId);
  if (filters.action !== null) select = select.where("audit_log.action", "=", filters.action);
  if (filters.memberId !== null) select = select.where("audit_log.target_user_id", "=", filters.memberId);
  // A split or a merge concerns two threads: either finds it.
  if (filters.threadId !== null) {
    const id = String(filters.threadId);
    select = select.where((eb) => eb.or([eb(sql<string>`audit_log.details->>'threadId'`, "=", id), eb(sql<string>`audit_log.details->>'targetThreadId'`, "=", id)]));
  }
  // Days are Paris days, as the page shows its dates.
  if (filters.from !== null) select = select.where("audit_log.created_at", ">=", sql<Date>`(${filters.from}::date)::timestamp at time zone 'Europe/Paris'`);
  if (filters.to !== null) select = select.where("audit_log.created_at", "<", sql<Date>`(${filters.to}::date + 1)::timestamp at time zone 'Europe/Paris'`);
  if (filters.before !== null) select = select.where("audit_log.id", "<", filters.before);
  const [rows, actors] = await Promise.all([
    select.orderBy("audit_log.id", "desc").limit(JOURNAL_PAGE_SIZE + 1).execute(),
    listJournalActors(db),
  ]);
  const entries = rows.slice(0, JOURNAL_PAGE_SIZE).map((row) => ({ ...row, links: journalLinks(row.action, row.details) }));
  return { ok: true, page: { entries, nextBefore: rows.length > JOURNAL_PAGE_SIZE ? (entries.at(-1)?.id ?? null) : null, actors } };
}

/** The members who wrote at least one entry, for the "auteur" filter. */
export function listJournalActors(db: Kysely<Database>): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom("app_user")
    .select(["app_user.id", "app_user.display_name as name"])
    .where((eb) => eb.exists(eb.selectFrom("audit_log").select("audit_log.id").whereRef("audit_log.actor_id", "=", "app_user.id")))
    .orderBy("app_user.display_name")
    .orderBy("app_user.id")
    .execute();
}
