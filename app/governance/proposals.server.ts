import { sql, type Kysely } from "kysely";

import type { Database, GovernanceStatus } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { can } from "../auth/permissions";
import { allowedOrJournaled, refusedMessage, type Moderator } from "../moderation/refusal.server";
import { notifyProposalStatus } from "../notifications/events.server";
import type { FormErrors, StatusInput } from "./forms";
import { isAllowedTransition, isDecision, statusLabels } from "./statuses";

/**
 * The life of a proposal (a gouvernance thread): one status move is one transaction with the
 * thread row locked — the move checked against the allowed ones and the status the form was built
 * on, the decision recorded (adoptée, rejetée) and the thread locked, or the decision reopened and
 * the thread unlocked, the event shown in the thread, and exactly one journal entry.
 */

export type StatusResult = { ok: true; decisionId: number | null } | { ok: false; status: 400 | 403 | 404 | 409; errors: FormErrors };

const missing = { ok: false, status: 404, errors: { form: "Cette proposition n'existe pas." } } as const;

/** Whether this actor may make this move on a proposal by `authorId` (authors only withdraw their own). */
export function mayMove(actor: Moderator | null, authorId: number, to: GovernanceStatus): boolean {
  if (can(actor, "governance.manage")) return true;
  return to === "retiree" && actor !== null && actor.id === authorId && can(actor, "thread.create");
}

export async function changeStatus(db: Kysely<Database>, actor: Moderator, threadId: number, input: StatusInput): Promise<StatusResult> {
  return db.transaction().execute(async (trx): Promise<StatusResult> => {
    const row = await trx
      .selectFrom("thread")
      .select(["id", "title", "slug", "author_id", "governance_status", "locked_at", "curation_version"])
      .where("id", "=", threadId)
      .where("deleted_at", "is", null)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.governance_status === null) return missing;
    if (!mayMove(actor, row.author_id, input.to)) {
      await allowedOrJournaled(trx, actor, "governance.manage", { act: `governance.${input.to}`, target: { threadId } });
      return { ok: false, status: 403, errors: { form: refusedMessage } };
    }
    const from = row.governance_status;
    if (from !== input.from) {
      return {
        ok: false,
        status: 409,
        errors: { form: `Cette proposition est passée à « ${statusLabels[from]} » entre-temps : rien n'a été changé. Vérifiez son état, puis recommencez si besoin.` },
      };
    }
    if (!isAllowedTransition(from, input.to)) {
      return {
        ok: false,
        status: 400,
        errors: { form: `Une proposition « ${statusLabels[from]} » ne peut pas passer à « ${statusLabels[input.to]} » : rien n'a été changé.` },
      };
    }

    let decisionId: number | null = null;
    const threadSet: Record<string, unknown> = { governance_status: input.to };
    if (isDecision(input.to)) {
      const decision = input.decision;
      if (!decision) return { ok: false, status: 400, errors: { decidingBody: "Indiquez l'instance qui a décidé.", decidedOn: "Indiquez la date de la décision." } };
      if (decision.versionId !== null) {
        const version = await trx.selectFrom("reference_version").select("id").where("id", "=", decision.versionId).where("thread_id", "=", threadId).executeTakeFirst();
        if (!version) return { ok: false, status: 400, errors: { versionId: "Cette version n'appartient pas au texte de référence de cette proposition." } };
      }
      const inserted = await trx
        .insertInto("governance_decision")
        .values({
          thread_id: threadId,
          outcome: input.to,
          decided_on: decision.decidedOn,
          deciding_body: decision.decidingBody,
          votes_for: decision.votesFor,
          votes_against: decision.votesAgainst,
          abstentions: decision.abstentions,
          summary: decision.summary,
          version_id: decision.versionId,
          recorded_by: actor.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      decisionId = inserted.id;
      if (!row.locked_at) Object.assign(threadSet, { locked_at: sql`now()`, lock_reason: `Décision enregistrée : proposition ${statusLabels[input.to].toLowerCase()}.`, locked_by: actor.id });
    } else if (isDecision(from)) {
      // Reopened: the decision leaves the register, the thread accepts replies again.
      await trx.updateTable("governance_decision").set({ reopened_at: sql`now()` }).where("thread_id", "=", threadId).where("reopened_at", "is", null).execute();
      Object.assign(threadSet, { locked_at: null, lock_reason: null, locked_by: null });
    }
    await trx
      .updateTable("thread")
      .set({ ...threadSet, curation_version: row.curation_version + 1 })
      .where("id", "=", threadId)
      .execute();
    await trx.insertInto("governance_event").values({ thread_id: threadId, actor_id: actor.id, from_status: from, to_status: input.to, comment: input.comment }).execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: "governance.status_changed",
      targetUserId: row.author_id === actor.id ? null : row.author_id,
      details: { threadId, title: row.title, from, to: input.to, comment: input.comment, decisionId, byAuthor: !can(actor, "governance.manage") },
    });
    const actorRow = await trx.selectFrom("app_user").select("display_name").where("id", "=", actor.id).executeTakeFirstOrThrow();
    await notifyProposalStatus(trx, {
      threadId,
      title: row.title,
      slug: row.slug,
      actorId: actor.id,
      actorName: actorRow.display_name,
      statusLabel: statusLabels[input.to],
    });
    return { ok: true, decisionId };
  });
}

export interface GovernanceEventView {
  id: number;
  from: GovernanceStatus;
  to: GovernanceStatus;
  comment: string | null;
  actorName: string | null;
  at: Date;
  /** Shown after the post at this position (0: before the first post). */
  afterPosition: number;
}

export interface DecisionView {
  id: number;
  threadId: number;
  outcome: "adoptee" | "rejetee";
  decidedOn: string;
  decidingBody: string;
  votesFor: number | null;
  votesAgainst: number | null;
  abstentions: number | null;
  summary: string;
  versionId: number | null;
  versionNumber: number | null;
  recordedAt: Date;
}

export function decisionQuery(db: Kysely<Database>) {
  return db
    .selectFrom("governance_decision as d")
    .leftJoin("reference_version as v", "v.id", "d.version_id")
    .select([
      "d.id",
      "d.thread_id as threadId",
      "d.outcome",
      "d.decided_on as decidedOn",
      "d.deciding_body as decidingBody",
      "d.votes_for as votesFor",
      "d.votes_against as votesAgainst",
      "d.abstentions",
      "d.summary",
      "d.version_id as versionId",
      "v.number as versionNumber",
      "d.created_at as recordedAt",
    ]);
}

export interface ProposalState {
  status: GovernanceStatus;
  events: GovernanceEventView[];
  decision: DecisionView | null;
  versionCount: number;
  latestVersionId: number | null;
}

/**
 * What a thread page shows of a proposal: its status, the events of the page's range of positions
 * (each placed after the last post written before it), the standing decision, the reference text's
 * versions. Three queries whatever the thread's length.
 */
export async function loadProposalState(
  db: Kysely<Database>,
  thread: { id: number; governanceStatus: GovernanceStatus | null },
  range: { from: number; to: number; last: boolean },
): Promise<ProposalState | null> {
  if (thread.governanceStatus === null) return null;
  const [events, decision, versions] = await Promise.all([
    db
      .selectFrom("governance_event as e")
      .leftJoin("app_user as actor", "actor.id", "e.actor_id")
      .select([
        "e.id",
        "e.from_status as from",
        "e.to_status as to",
        "e.comment",
        "actor.display_name as actorName",
        "e.created_at as at",
        sql<number>`(select count(*) from post p where p.thread_id = e.thread_id and p.created_at <= e.created_at)::int`.as("afterPosition"),
      ])
      .where("e.thread_id", "=", thread.id)
      .orderBy("e.created_at")
      .orderBy("e.id")
      .execute(),
    decisionQuery(db).where("d.thread_id", "=", thread.id).where("d.reopened_at", "is", null).orderBy("d.id", "desc").executeTakeFirst(),
    db
      .selectFrom("reference_version")
      .select([sql<number>`count(*)::int`.as("count"), sql<number | null>`max(id)`.as("latest")])
      .where("thread_id", "=", thread.id)
      .executeTakeFirstOrThrow(),
  ]);
  const shown = events.filter((e) => e.afterPosition >= range.from - 1 && (range.last || e.afterPosition < range.to));
  return { status: thread.governanceStatus, events: shown, decision: decision ?? null, versionCount: versions.count, latestVersionId: versions.latest };
}

/** A member without the right posted a status form: journaled, and the route answers 403. */
export async function journalRefusedMove(db: Kysely<Database>, actor: Moderator, threadId: number, to: string): Promise<void> {
  await allowedOrJournaled(db, actor, "governance.manage", { act: `governance.${to.slice(0, 20)}`, target: { threadId } });
}
