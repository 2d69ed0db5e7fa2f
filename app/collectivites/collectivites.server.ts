import { sql, type Kysely, type RawBuilder } from "kysely";

import type { Collectivite, Database } from "../../db/schema";
import { foldedText } from "../lib/sql.server";
import type { DirectoryQuery, SortColumn } from "./directory-query";
import { isSlug } from "../lib/ids";

const sortExpressions: Record<SortColumn, () => RawBuilder<unknown>> = {
  nom: () => foldedText("name"),
  type: () => sql`kind`,
  ent: () => foldedText("ent_name"),
  etablissements: () => sql`establishment_count`,
  lancement: () => sql`launch_date`,
  phase: () => sql`phase`,
};

/** The directory: filtered by kind and phase, sorted by any column, unknown values always last. */
export async function listCollectivites(db: Kysely<Database>, query: DirectoryQuery): Promise<Collectivite[]> {
  let select = db.selectFrom("collectivite").selectAll();
  if (query.kind) select = select.where("kind", "=", query.kind);
  if (query.phase) select = select.where("phase", "=", query.phase);
  return select
    .orderBy(sortExpressions[query.sort](), (ob) => (query.order === "asc" ? ob.asc() : ob.desc()).nullsLast())
    .orderBy(foldedText("name"))
    .execute();
}

export async function findCollectiviteBySlug(db: Kysely<Database>, slug: string): Promise<Collectivite | undefined> {
  if (!isSlug(slug)) return undefined;
  return db.selectFrom("collectivite").selectAll().where("slug", "=", slug).executeTakeFirst();
}

/** Id, slug and name of every collectivité, in French alphabetical order, for form choices. */
export async function listCollectiviteChoices(db: Kysely<Database>): Promise<{ id: number; slug: string; name: string }[]> {
  return db.selectFrom("collectivite").select(["id", "slug", "name"]).orderBy(foldedText("name")).execute();
}
