import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";

import { recordAudit } from "../../app/audit/audit-log.server";
import { passwordProblem } from "../../app/auth/password-policy";
import { createUser, findUserByEmail, normalizeEmail } from "../../app/auth/users.server";
import { isEmailAddress } from "../../app/lib/email";
import { checkDisplayName } from "../../app/members/display-name.server";
import { migrateToLatest } from "../migrate";
import { runWithDatabase } from "./run";

/**
 * `npm run user:create-admin -- --email ana@example.org [--name "Ana Martin"] [--password …]`
 * creates an administrator on the configured database. Without --password, a random one is
 * generated and printed once.
 */
const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
  strict: true,
});

await runWithDatabase(async (handle) => {
  const email = normalizeEmail(values.email ?? "");
  if (!isEmailAddress(email)) throw new Error("Usage : npm run user:create-admin -- --email adresse@exemple.fr [--name \"Nom\"] [--password …]");
  const requestedName = (values.name ?? email.split("@")[0] ?? "Administrateur").trim();
  const generated = values.password === undefined;
  const password = values.password ?? randomBytes(18).toString("base64url");
  const problem = passwordProblem(password, { email, displayName: requestedName });
  if (problem) throw new Error(problem);

  await migrateToLatest(handle.db);
  if (await findUserByEmail(handle.db, email)) throw new Error(`Un compte existe déjà pour ${email}.`);
  const checked = await checkDisplayName(handle.db, requestedName);
  if (!checked.ok) throw new Error(checked.error);
  const { displayName } = checked;
  const user = await createUser(handle.db, { email, displayName, password, role: "admin", collectiviteId: null });
  await recordAudit(handle.db, { actorId: null, action: "user.created_by_cli", targetUserId: user.id, details: { email } });
  console.log(`Administrateur créé : ${email} (n° ${user.id}) sur ${handle.label}`);
  if (generated) console.log(`Mot de passe (affiché une seule fois) : ${password}`);
});
