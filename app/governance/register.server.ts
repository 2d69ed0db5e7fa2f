import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { can } from "../auth/permissions";
import type { Viewer } from "../forum/viewer";
import { decisionQuery, type DecisionView } from "./proposals.server";
import { csvLine, type RegisterFilters } from "./register-query";
import { statusLabels } from "./statuses";

/**
 * The register of decisions: standing decisions (not reopened) of threads this viewer may read,
 * newest first, filtered by thématique and year. Visitors see the decisions of public threads.
 */

export interface RegisterEntry extends DecisionView {
  threadSlug: string;
  threadTitle: string;
  topics: string[];
}

export const REGISTER_LIMIT = 500;

function readable(db: Kysely<Database>, viewer: Viewer | null) {
  let query = decisionQuery(db)
    .innerJoin("thread as t", "t.id", "d.thread_id")
    .select(["t.slug as threadSlug", "t.title as threadTitle"])
    .where("t.deleted_at", "is", null);
  if (!can(viewer, "thread.readMembers")) query = query.where("t.visibility", "=", "public");
  return query;
}

export async function listRegister(db: Kysely<Database>, viewer: Viewer | null, filters: RegisterFilters, limit = REGISTER_LIMIT): Promise<RegisterEntry[]> {
  let query = readable(db, viewer).where("d.reopened_at", "is", null);
  if (filters.year) query = query.where("d.decided_on", ">=", `${filters.year}-01-01`).where("d.decided_on", "<=", `${filters.year}-12-31`);
  if (filters.topic) {
    const slug = filters.topic;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("thread_topic as tt")
          .innerJoin("topic", "topic.id", "tt.topic_id")
          .select("tt.thread_id")
          .whereRef("tt.thread_id", "=", "d.thread_id")
          .where("topic.slug", "=", slug),
      ),
    );
  }
  const rows = await query.orderBy("d.decided_on", "desc").orderBy("d.id", "desc").limit(limit).execute();
  const ids = [...new Set(rows.map((r) => r.threadId))];
  const topics = ids.length
    ? await db
        .selectFrom("thread_topic as tt")
        .innerJoin("topic", "topic.id", "tt.topic_id")
        .select(["tt.thread_id", "topic.name"])
        .where("tt.thread_id", "in", ids)
        .orderBy("topic.name")
        .execute()
    : [];
  return rows.map((r) => ({ ...r, topics: topics.filter((t) => t.thread_id === r.threadId).map((t) => t.name) }));
}

/** The years that have decisions, for the filter. */
export async function registerYears(db: Kysely<Database>, viewer: Viewer | null): Promise<number[]> {
  const rows = await readable(db, viewer)
    .where("d.reopened_at", "is", null)
    .clearSelect()
    .select(sql<number>`extract(year from d.decided_on)::int`.as("year"))
    .distinct()
    .orderBy("year", "desc")
    .execute();
  return rows.map((r) => r.year);
}

export interface DecisionRecord extends RegisterEntry {
  reopened: boolean;
  text: string | null;
  visibility: "public" | "members";
}

/** One decision with its adopted text, for its stable page and exports; null if not readable. */
export async function findDecisionRecord(db: Kysely<Database>, viewer: Viewer | null, id: number): Promise<DecisionRecord | null | "members-only"> {
  const row = await readable(db, viewer)
    .leftJoin("reference_version as text", "text.id", "d.version_id")
    .select([sql<boolean>`d.reopened_at is not null`.as("reopened"), "text.body_markdown as text", "t.visibility"])
    .where("d.id", "=", id)
    .executeTakeFirst();
  if (!row) {
    if (can(viewer, "thread.readMembers")) return null;
    const exists = await db.selectFrom("governance_decision as d").innerJoin("thread as t", "t.id", "d.thread_id").select("d.id").where("d.id", "=", id).where("t.deleted_at", "is", null).executeTakeFirst();
    return exists ? "members-only" : null;
  }
  const topics = await db.selectFrom("thread_topic as tt").innerJoin("topic", "topic.id", "tt.topic_id").select("topic.name").where("tt.thread_id", "=", row.threadId).orderBy("topic.name").execute();
  return { ...row, reopened: Boolean(row.reopened), topics: topics.map((t) => t.name) };
}

function votesLine(d: { votesFor: number | null; votesAgainst: number | null; abstentions: number | null }): string | null {
  if (d.votesFor === null && d.votesAgainst === null && d.abstentions === null) return null;
  return `Pour : ${d.votesFor ?? "—"} · Contre : ${d.votesAgainst ?? "—"} · Abstentions : ${d.abstentions ?? "—"}`;
}

export { votesLine };

/** The Markdown record of a decision: title, date, body, votes, summary, adopted text. */
export function decisionMarkdown(record: DecisionRecord, origin: string): string {
  const votes = votesLine(record);
  const lines = [
    `# Décision n° ${record.id} — ${record.threadTitle}`,
    "",
    `- Statut : ${statusLabels[record.outcome]}${record.reopened ? " (décision rouverte depuis)" : ""}`,
    `- Date : ${record.decidedOn}`,
    `- Instance : ${record.decidingBody}`,
    ...(votes ? [`- Votes : ${votes}`] : []),
    ...(record.versionNumber ? [`- Texte adopté : version ${record.versionNumber}`] : []),
    `- Proposition : ${origin}/fils/${record.threadId}-${record.threadSlug}`,
    `- Adresse de cette décision : ${origin}/gouvernance/decisions/${record.id}`,
    "",
    "## Résumé",
    "",
    record.summary,
    "",
  ];
  if (record.text) lines.push(`## Texte${record.outcome === "adoptee" ? " adopté" : " soumis"} (version ${record.versionNumber})`, "", record.text.trim(), "");
  return lines.join("\n");
}

export function registerCsv(entries: RegisterEntry[], origin: string): string {
  const header = ["numero", "date", "statut", "instance", "pour", "contre", "abstentions", "proposition", "thematiques", "version", "resume", "adresse"];
  const lines = entries.map((e) =>
    csvLine([
      e.id,
      e.decidedOn,
      statusLabels[e.outcome],
      e.decidingBody,
      e.votesFor,
      e.votesAgainst,
      e.abstentions,
      e.threadTitle,
      e.topics.join(" ; "),
      e.versionNumber,
      e.summary,
      `${origin}/gouvernance/decisions/${e.id}`,
    ]),
  );
  // A BOM so that spreadsheet software reads the accents as UTF-8.
  return `\ufeff${[csvLine(header), ...lines].join("\r\n")}\r\n`;
}
