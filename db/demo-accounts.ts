import type { Kysely } from "kysely";

import { createUser } from "../app/auth/users.server";
import type { Database, Role } from "./schema";

/**
 * One account per role for the embedded demo database only (never on a DATABASE_URL database).
 * The passwords are public: they are printed at start-up and written in the README.
 */
export const demoAccounts: { role: Role; email: string; displayName: string; password: string; collectivite: string | null }[] = [
  { role: "admin", email: "admin@demo.openent.fr", displayName: "Camille Admin (démo)", password: "demo-admin-openent-2026", collectivite: null },
  { role: "moderator", email: "moderation@demo.openent.fr", displayName: "Dominique Modération (démo)", password: "demo-moderation-openent-2026", collectivite: "ville-de-paris" },
  { role: "delegate", email: "delegue@demo.openent.fr", displayName: "Alex Délégué (démo)", password: "demo-delegue-openent-2026", collectivite: "ile-de-france" },
  { role: "observer", email: "observateur@demo.openent.fr", displayName: "Sam Observateur (démo)", password: "demo-observateur-openent-2026", collectivite: null },
];

/** Idempotent: an account whose address already exists is left alone. */
export async function seedDemoAccounts(db: Kysely<Database>): Promise<number> {
  let created = 0;
  for (const account of demoAccounts) {
    const exists = await db.selectFrom("app_user").select("id").where("email", "=", account.email).executeTakeFirst();
    if (exists) continue;
    const collectivite = account.collectivite
      ? await db.selectFrom("collectivite").select("id").where("slug", "=", account.collectivite).executeTakeFirstOrThrow()
      : null;
    await createUser(db, { ...account, collectiviteId: collectivite?.id ?? null });
    created++;
  }
  return created;
}

export function demoAccountsBanner(): string {
  const lines = demoAccounts.map((a) => `  ${a.role.padEnd(9)} ${a.email.padEnd(30)} ${a.password}`);
  return [
    "[openent] comptes de démonstration (base embarquée uniquement, créés au premier démarrage ; mots de passe publics) :",
    ...lines,
    "[openent] pour les supprimer avec les fils de démonstration : arrêtez le serveur puis lancez npm run demo:remove",
  ].join("\n");
}
