import type { Kysely } from "kysely";

import { hashPassword } from "../../../app/auth/password.server";
import type { Database } from "../../../db/schema";

export async function setPasswordForTest(db: Kysely<Database>, email: string, password: string): Promise<void> {
  await db.updateTable("app_user").set({ password_hash: await hashPassword(password) }).where("email", "=", email).execute();
}
