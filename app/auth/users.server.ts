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
  const { password, ...rest } = member;
  return insertUser(db, { ...rest, passwordHash: await hashPassword(password) });
}

/** Inserts a member whose password is already hashed (hash before opening a transaction: it is slow). */
export async function insertUser(
  db: Kysely<Database> | Transaction<Database>,
  member: Omit<NewMember, "password"> & { passwordHash: string },
): Promise<User> {
  const displayName = member.displayName.trim();
  return db
    .insertInto("app_user")
    .values({
      email: normalizeEmail(member.email),
      display_name: displayName,
      handle: await freeHandle(db, displayName),
      password_hash: member.passwordHash,
      role: member.role,
      collectivite_id: member.collectiviteId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** "Léa Martin" → "lea-martin", or "lea-martin-2" when taken: the name to type after "@". */
async function freeHandle(db: Kysely<Database> | Transaction<Database>, displayName: string): Promise<string> {
  const base = handleFromName(displayName);
  const taken = new Set(
    (await db.selectFrom("app_user").select("handle").where("handle", "like", `${base}%`).execute()).map((r) => r.handle),
  );
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

export function handleFromName(displayName: string): string {
  const slug = displayName
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "membre";
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
