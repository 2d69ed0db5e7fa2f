import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The database as the migrations in `db/migrations/` leave it. Update this file in the same
 * change as any new migration.
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type CollectiviteKind = "region" | "departement" | "commune" | "autre";
export type EntPhase = "pilote" | "generalisation";

export interface CollectiviteTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: CollectiviteKind;
  ent_name: string | null;
  establishment_count: number | null;
  /** "YYYY", "YYYY-MM" or "YYYY-MM-DD": only as precise as the source says. */
  launch_date: string | null;
  phase: EntPhase | null;
  integrator: string | null;
  website_url: string | null;
  description: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface TopicTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string | null;
  created_at: Generated<Timestamp>;
}

export interface Database {
  collectivite: CollectiviteTable;
  topic: TopicTable;
}

export type Collectivite = Selectable<CollectiviteTable>;
export type NewCollectivite = Insertable<CollectiviteTable>;
export type CollectiviteUpdate = Updateable<CollectiviteTable>;
export type Topic = Selectable<TopicTable>;
export type NewTopic = Insertable<TopicTable>;
