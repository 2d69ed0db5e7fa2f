import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";

export interface MentionSuggestion {
  id: number;
  handle: string;
  displayName: string;
}

/**
 * Members to offer after an "@" in the editor: active members whose handle starts with the query
 * or whose name contains it (accents ignored), handles first, at most 8. One query.
 */
export async function suggestMentions(db: Kysely<Database>, query: string): Promise<MentionSuggestion[]> {
  const q = query.toLowerCase();
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  let select = db
    .selectFrom("app_user")
    .select(["id", "handle", "display_name as displayName"])
    .where("status", "=", "active");
  if (q !== "") {
    select = select.where((eb) =>
      eb.or([
        eb("handle", "like", `${escaped}%`),
        sql<boolean>`unaccent(lower(display_name)) like unaccent(${`%${escaped}%`})`,
      ]),
    );
  }
  return select
    .orderBy(sql`handle like ${`${escaped}%`}`, "desc")
    .orderBy("display_name")
    .orderBy("id")
    .limit(8)
    .execute();
}
