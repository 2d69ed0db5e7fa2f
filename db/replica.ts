import type { KyselyConfig } from "kysely";
import pg from "pg";

/** One read replica (db/replicas.ts): its pool and what the monitor last measured of it. */

export type ReplicaState = "ok" | "lagging" | "down" | "refused";

export type ReplicaLog = (level: "info" | "warn" | "error", message: string, details: Record<string, unknown>) => void;

export interface ReplicaOptions {
  urls: string[];
  /** Beyond this lag a replica is skipped (its readers go to the primary). */
  maxLagMs: number;
  poolSize: number;
  types: pg.CustomTypesConfig;
  kysely: Omit<KyselyConfig, "dialect">;
  log: ReplicaLog;
  pollMs?: number;
}

export const CHECK_TIMEOUT_MS = 2_000;

export function replicaName(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "<URL illisible>";
  }
}

export interface Identity {
  system: string;
  database: string;
}

export const IDENTITY_SQL = "select system_identifier::text as system, current_database() as database from pg_control_system()";

export class Replica {
  readonly pool: pg.Pool;
  readonly name: string;
  state: ReplicaState = "down";
  lagMs: number | null = null;
  /** Replayed WAL position; null for a server that is not in recovery (the primary itself). */
  replayed: bigint | null = null;
  standby = true;
  verified = false;
  downLogged = false;

  constructor(url: string, options: ReplicaOptions) {
    this.name = replicaName(url);
    this.pool = new pg.Pool({
      connectionString: url,
      types: options.types,
      max: options.poolSize,
      connectionTimeoutMillis: CHECK_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      application_name: "openent-read",
    });
    this.pool.on("error", () => undefined);
    this.pool.on("connect", (client) => client.on("error", () => undefined));
  }

  hasReplayed(lsn: bigint): boolean {
    return !this.standby || (this.replayed !== null && this.replayed >= lsn);
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

