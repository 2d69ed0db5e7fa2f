import type { Kysely } from "kysely";

import type { Database, Topic } from "../../db/schema";
import { foldedText } from "../lib/sql.server";
import { isSlug } from "../lib/ids";

export async function listTopics(db: Kysely<Database>): Promise<Topic[]> {
  return db.selectFrom("topic").selectAll().orderBy(foldedText("name")).execute();
}

export async function findTopicBySlug(db: Kysely<Database>, slug: string): Promise<Topic | undefined> {
  if (!isSlug(slug)) return undefined;
  return db.selectFrom("topic").selectAll().where("slug", "=", slug).executeTakeFirst();
}
