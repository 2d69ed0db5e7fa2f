import type { Kysely, Transaction } from "kysely";

import type { Database, Role, User } from "../../db/schema";
import { hashPassword } from "./password.server";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db.selectFrom("app_user").selectAll().where("email", "=", normalizeEmail(email)).executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: number): Promise<User | undefined> {
  return db.selectFrom("app_user").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface NewMember {
  email: string;
  displayName: string;
  password: string;
  role: Role;
  collectiviteId: number | null;
}

/** Creates a member; the caller has validated the input and checked the address is free. */
export async function createUser(db: Kysely<Database> | Transaction<Database>, member: NewMember): Promise<User> {
  const passwordHash = await hashPassword(member.password);
  return db
    .insertInto("app_user")
    .values({
      email: normalizeEmail(member.email),
      display_name: member.displayName.trim(),
      password_hash: passwordHash,
      role: member.role,
      collectivite_id: member.collectiviteId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setPassword(db: Kysely<Database> | Transaction<Database>, userId: number, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db
    .updateTable("app_user")
    .set({ password_hash: passwordHash, updated_at: new Date() })
    .where("id", "=", userId)
    .execute();
}

/** Written at most every five minutes per member, so reading pages does not mean writing rows. */
export async function touchLastSeen(db: Kysely<Database>, userId: number, lastSeenAt: Date | null): Promise<void> {
  if (lastSeenAt && Date.now() - new Date(lastSeenAt).getTime() < 5 * 60_000) return;
  await db.updateTable("app_user").set({ last_seen_at: new Date() }).where("id", "=", userId).execute();
}
