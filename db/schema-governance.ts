import type { ColumnType, Generated } from "kysely";
import type { DefaultTimestamp, NullableTimestamp } from "./column-types";

/** Governance: proposals, reference texts, decisions (migration 011). Merged into the interfaces of db/schema.ts (interface merging). */
declare module "./schema" {
  // Governance (migration 011).
  export type GovernanceStatus = "proposition" | "discussion" | "adoptee" | "rejetee" | "retiree";
  export type DecisionOutcome = "adoptee" | "rejetee";

  export interface ThreadTable {
    /** The status of a gouvernance thread (a proposal); null for other kinds. Set to `proposition` by a trigger. */
    governance_status: ColumnType<GovernanceStatus | null, GovernanceStatus | null | undefined, GovernanceStatus | null>;
  }

  /** A status change of a proposal, shown in the thread between the posts. */
  export interface GovernanceEventTable {
    id: Generated<number>;
    thread_id: number;
    actor_id: number | null;
    from_status: GovernanceStatus;
    to_status: GovernanceStatus;
    comment: string | null;
    created_at: DefaultTimestamp;
  }

  /** A version of a proposal's reference text; `number` counts from 1 per thread. */
  export interface ReferenceVersionTable {
    id: Generated<number>;
    thread_id: number;
    number: number;
    body_markdown: string;
    comment: string;
    author_id: number | null;
    created_at: DefaultTimestamp;
  }

  /** The decision a move to adoptée or rejetée records; `reopened_at` once a moderator reopens it. */
  export interface GovernanceDecisionTable {
    id: Generated<number>;
    thread_id: number;
    outcome: DecisionOutcome;
    /** "YYYY-MM-DD". */
    decided_on: string;
    deciding_body: string;
    votes_for: number | null;
    votes_against: number | null;
    abstentions: number | null;
    summary: string;
    version_id: number | null;
    recorded_by: number | null;
    created_at: DefaultTimestamp;
    reopened_at: NullableTimestamp;
  }

  /** A reply attached to an article of a version of the reference text. */
  export interface ArticleCommentTable {
    post_id: number;
    version_id: number;
    article: string;
  }

  export interface Database {
    governance_event: GovernanceEventTable;
    reference_version: ReferenceVersionTable;
    governance_decision: GovernanceDecisionTable;
    article_comment: ArticleCommentTable;
  }
}
