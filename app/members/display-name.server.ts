import { sql, type Kysely, type Transaction } from "kysely";

import type { Database } from "../../db/schema";
import { displayNameProblem, normalizeDisplayName } from "./display-name";

export type DisplayNameCheck = { ok: true; displayName: string } | { ok: false; error: string };

/**
 * The one check of a display name, wherever it is set (invitation, account page, command line):
 * the character and length rules, then no other member with the same name ignoring case and
 * accents ("Élise Martin" and "elise martin" would be indistinguishable in a quote).
 */
export async function checkDisplayName(
  db: Kysely<Database> | Transaction<Database>,
  name: string,
  exceptUserId: number | null = null,
): Promise<DisplayNameCheck> {
  const problem = displayNameProblem(name);
  if (problem) return { ok: false, error: problem };
  const displayName = normalizeDisplayName(name);
  let query = db
    .selectFrom("app_user")
    .select("id")
    .where(sql<string>`lower(unaccent(display_name))`, "=", sql<string>`lower(unaccent(${displayName}))`);
  if (exceptUserId !== null) query = query.where("id", "<>", exceptUserId);
  if (await query.executeTakeFirst()) {
    return { ok: false, error: "Un autre membre porte déjà ce nom (aux accents et majuscules près) : ajoutez par exemple votre collectivité." };
  }
  return { ok: true, displayName };
}
