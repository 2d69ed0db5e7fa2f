import type { Kysely } from "kysely";

import { createUser } from "../../../app/auth/users.server";
import type { Database, Role, User } from "../../../db/schema";
import { seedDemo } from "../../../db/seed";

let counter = 0;

/** A member with a unique address; délégués and modérateurs get a seeded collectivité. */
export async function makeUser(
  db: Kysely<Database>,
  role: Role,
  overrides: Partial<{ email: string; displayName: string; password: string }> = {},
): Promise<User & { password: string }> {
  await seedDemo(db);
  const collectivite = await db.selectFrom("collectivite").select("id").where("slug", "=", "ile-de-france").executeTakeFirstOrThrow();
  counter += 1;
  const password = overrides.password ?? "une-phrase-de-passe-solide";
  const user = await createUser(db, {
    email: overrides.email ?? `membre${counter}-${Date.now()}@example.org`,
    displayName: overrides.displayName ?? `Membre ${counter}`,
    password,
    role,
    collectiviteId: role === "delegate" || role === "moderator" ? collectivite.id : null,
  });
  return { ...user, password };
}
