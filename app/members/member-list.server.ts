import { sql, type Kysely } from "kysely";

import type { Database, Role, UserStatus } from "../../db/schema";
import { foldedText } from "../lib/sql.server";

/** Reading members: the administrators' member list, the collectivités to choose from, public profiles. */

export interface MemberListQuery {
  q?: string | null;
  role?: Role | null;
  status?: UserStatus | null;
  /** A collectivité id. */
  collectivite?: number | null;
}

export interface MemberListRow {
  id: number;
  displayName: string;
  email: string;
  role: Role;
  status: UserStatus;
  collectiviteId: number | null;
  collectiviteName: string | null;
  createdAt: Date;
  lastSeenAt: Date | null;
}

/** `%` and `_` typed by the member are searched for literally. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

/** One query (the collectivité comes by a join), sorted by display name, accent-insensitively. */
export async function listMembers(db: Kysely<Database>, query: MemberListQuery = {}): Promise<MemberListRow[]> {
  let select = db
    .selectFrom("app_user")
    .leftJoin("collectivite", "collectivite.id", "app_user.collectivite_id")
    .select([
      "app_user.id",
      "app_user.display_name as displayName",
      "app_user.email",
      "app_user.role",
      "app_user.status",
      "app_user.collectivite_id as collectiviteId",
      "collectivite.name as collectiviteName",
      "app_user.created_at as createdAt",
      "app_user.last_seen_at as lastSeenAt",
    ]);
  const q = query.q?.trim();
  if (q) {
    const pattern = likeContains(q);
    select = select.where((eb) =>
      eb.or([
        eb(foldedText("app_user.display_name"), "like", sql<string>`lower(unaccent(${pattern}))`),
        eb("app_user.email", "like", pattern.toLowerCase()),
      ]),
    );
  }
  if (query.role) select = select.where("app_user.role", "=", query.role);
  if (query.status) select = select.where("app_user.status", "=", query.status);
  if (query.collectivite) select = select.where("app_user.collectivite_id", "=", query.collectivite);
  return select.orderBy(foldedText("app_user.display_name")).orderBy("app_user.id").execute();
}

/** The collectivités a member can be attached to, for the forms' lists, in French alphabetical order. */
export async function listCollectiviteChoices(db: Kysely<Database>): Promise<{ id: number; name: string }[]> {
  return db.selectFrom("collectivite").select(["id", "name"]).orderBy(foldedText("name")).orderBy("id").execute();
}
