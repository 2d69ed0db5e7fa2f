import { sql } from "kysely";

import type { ReplicaStatus } from "../db/client";
import { getDb, replicaStatus } from "./db.server";

const TIMEOUT_MS = 2_000;

export interface Health {
  status: "ok" | "unavailable";
  database: "ok" | "unavailable";
  /**
   * With DATABASE_READ_URL: each replica's state (`ok`, `lagging`, `down`) and lag, in the order of
   * the setting (no host names: /healthz is public). A replica out of service does not make the
   * process unhealthy: its reads go to the primary.
   */
  replicas?: { state: ReplicaStatus["state"]; lagSeconds: number | null }[];
}

export async function pingDatabase(): Promise<void> {
  await sql`select 1`.execute(await getDb());
}

/** Answers within `timeoutMs` whatever the database does: a health check must never hang. */
export async function checkHealth(
  ping: () => Promise<unknown> = pingDatabase,
  timeoutMs = TIMEOUT_MS,
  replicas: () => Promise<ReplicaStatus[]> = replicaStatus,
): Promise<Health> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
  });
  const states = (await Promise.race([replicas(), timeout]).catch(() => [])).map(({ state, lagSeconds }) => ({ state, lagSeconds }));
  const withReplicas = states.length ? { replicas: states } : {};
  try {
    await Promise.race([ping(), timeout]);
    return { status: "ok", database: "ok", ...withReplicas };
  } catch {
    return { status: "unavailable", database: "unavailable", ...withReplicas };
  } finally {
    clearTimeout(timer);
  }
}
