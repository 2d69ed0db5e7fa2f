import { sql } from "kysely";

import { getDb } from "./db.server";

const TIMEOUT_MS = 2_000;

export interface Health {
  status: "ok" | "unavailable";
  database: "ok" | "unavailable";
}

export async function pingDatabase(): Promise<void> {
  await sql`select 1`.execute(await getDb());
}

/** Answers within `timeoutMs` whatever the database does: a health check must never hang. */
export async function checkHealth(ping: () => Promise<unknown> = pingDatabase, timeoutMs = TIMEOUT_MS): Promise<Health> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
  });
  try {
    await Promise.race([ping(), timeout]);
    return { status: "ok", database: "ok" };
  } catch {
    return { status: "unavailable", database: "unavailable" };
  } finally {
    clearTimeout(timer);
  }
}
