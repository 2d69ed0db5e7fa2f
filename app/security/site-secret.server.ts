import { randomBytes } from "node:crypto";

import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";

/**
 * Server-side secrets (e.g. the key that signs device cookies): 32 random bytes created once in
 * the database, so every app process shares them and they survive restarts. The first process
 * to need one inserts it; the others read the same row (`on conflict do nothing`).
 */

const cache = new WeakMap<Kysely<Database>, Map<string, Promise<Buffer>>>();

export function siteSecret(db: Kysely<Database>, name: string): Promise<Buffer> {
  let secrets = cache.get(db);
  if (!secrets) {
    secrets = new Map();
    cache.set(db, secrets);
  }
  let secret = secrets.get(name);
  if (!secret) {
    secret = loadOrCreate(db, name);
    secrets.set(name, secret);
    secret.catch(() => secrets.delete(name));
  }
  return secret;
}

async function loadOrCreate(db: Kysely<Database>, name: string): Promise<Buffer> {
  await db
    .insertInto("site_secret")
    .values({ name, value: randomBytes(32).toString("base64") })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db.selectFrom("site_secret").select("value").where("name", "=", name).executeTakeFirstOrThrow();
  return Buffer.from(row.value, "base64");
}
