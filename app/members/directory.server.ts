import { sql, type Kysely } from "kysely";

import type { Database, Role } from "../../db/schema";
import { foldedText } from "../lib/sql.server";
import type { DirectoryFilter } from "./directory-filter";

/**
 * The member directory (`/membres`, members only): active members sorted by name, accent- and
 * case-insensitively, filtered by collectivité, role and part of the name. One query per page
 * (the route adds one for the collectivités of the filter form). Never the e-mail address.
 */

export const DIRECTORY_PAGE_SIZE = 50;

export interface DirectoryMember {
  id: number;
  displayName: string;
  role: Role;
  collectivite: { name: string; slug: string } | null;
  createdAt: Date;
}

/** `%` and `_` typed by the member are searched for literally. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

export async function listDirectory(db: Kysely<Database>, filter: DirectoryFilter): Promise<{ members: DirectoryMember[]; hasNext: boolean }> {
  let query = db
    .selectFrom("app_user")
    .leftJoin("collectivite", "collectivite.id", "app_user.collectivite_id")
    .select([
      "app_user.id",
      "app_user.display_name as displayName",
      "app_user.role",
      "app_user.created_at as createdAt",
      "collectivite.name as collectiviteName",
      "collectivite.slug as collectiviteSlug",
    ])
    .where("app_user.status", "=", "active");
  if (filter.q) {
    query = query.where(foldedText("app_user.display_name"), "like", sql<string>`lower(unaccent(${likeContains(filter.q)}))`);
  }
  if (filter.role) query = query.where("app_user.role", "=", filter.role);
  if (filter.collectiviteId) query = query.where("app_user.collectivite_id", "=", filter.collectiviteId);
  const rows = await query
    .orderBy(foldedText("app_user.display_name"))
    .orderBy("app_user.id")
    .offset((filter.page - 1) * DIRECTORY_PAGE_SIZE)
    .limit(DIRECTORY_PAGE_SIZE + 1)
    .execute();
  const members = rows.slice(0, DIRECTORY_PAGE_SIZE).map(({ collectiviteName, collectiviteSlug, ...member }) => ({
    ...member,
    collectivite: collectiviteName !== null && collectiviteSlug !== null ? { name: collectiviteName, slug: collectiviteSlug } : null,
  }));
  return { members, hasNext: rows.length > DIRECTORY_PAGE_SIZE };
}
