import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from "kysely";
import type pg from "pg";

import { isDatabaseUnavailable } from "./errors";
import { CHECK_TIMEOUT_MS, describe, IDENTITY_SQL, Replica, withTimeout, type Identity, type ReplicaOptions, type ReplicaState } from "./replica";
import type { Database } from "./schema";
import { lagFromSamples, parseLsn, type LsnSample } from "./wal-position";

/**
 * Read replicas (DATABASE_READ_URL, docs/decisions/005-read-replicas.md): one pool per replica, a
 * monitor that measures each one's lag every second, and per-request read handles that send a
 * read-only page's queries to a replica that is up, not lagging, and has replayed the member's own
 * last write; to the primary otherwise. Only db/ knows about this: the app asks `readDb(minLsn)`.
 */

export interface ReplicaStatus {
  /** host:port/database, no credentials (for logs and metrics, never for public pages). */
  name: string;
  state: ReplicaState;
  /** Seconds behind the primary, as last measured; null while it cannot be measured. */
  lagSeconds: number | null;
}

export type ReadTarget = "replica" | "primary";
export type ReadReason = "ok" | "read_your_writes" | "replica_lagging" | "replica_down";

export interface ReadCount {
  target: ReadTarget;
  reason: ReadReason;
  count: number;
}

export const POLL_MS = 1_000;
/** Primary positions kept to measure lag: ten minutes at one per second. */
const MAX_SAMPLES = 600;

export class ReadReplicas {
  private readonly replicas: Replica[];
  private readonly samples: LsnSample[] = [];
  private readonly counts = new Map<string, number>();
  private primaryIdentity: Identity | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private next = 0;
  readonly primaryDb: Kysely<Database>;

  constructor(
    private readonly primary: pg.Pool,
    primaryDb: Kysely<Database>,
    private readonly options: ReplicaOptions,
  ) {
    this.primaryDb = primaryDb;
    this.replicas = options.urls.map((url) => new Replica(url, options));
  }

  /**
   * Checks every replica once. A server that is another database (another system identifier or
   * database name) stops start-up; one that does not answer only delays its use (logged).
   */
  async start(): Promise<void> {
    const { rows } = await this.primary.query<Identity>(IDENTITY_SQL);
    this.primaryIdentity = rows[0];
    await this.poll();
    const refused = this.replicas.find((replica) => replica.state === "refused");
    if (refused) throw new ReplicaMismatchError(refused.name);
    this.schedule();
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => void this.poll().finally(() => this.schedule()), this.options.pollMs ?? POLL_MS);
    this.timer.unref();
  }

  /** One round: the primary's position, then each replica's replayed position and identity. */
  async poll(): Promise<void> {
    try {
      const { rows } = await withTimeout(this.primary.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn"), CHECK_TIMEOUT_MS);
      this.samples.push({ at: Date.now(), lsn: parseLsn(rows[0]!.lsn) });
      if (this.samples.length > MAX_SAMPLES) this.samples.shift();
    } catch {
      // The primary is away: its own health check reports it; lags are measured again once it is back.
    }
    await Promise.all(this.replicas.map((replica) => this.check(replica)));
    // Positions every replica has replayed are no longer needed to measure anyone's lag.
    const replays = this.replicas.filter((r) => r.standby && r.state !== "refused").map((r) => r.replayed ?? 0n);
    const oldest = replays.length ? replays.reduce((a, b) => (a < b ? a : b)) : undefined;
    while (oldest !== undefined && this.samples.length > 1 && this.samples[0]!.lsn <= oldest) this.samples.shift();
  }

  private async check(replica: Replica): Promise<void> {
    if (replica.state === "refused") return;
    const before = replica.state;
    try {
      if (!replica.verified) {
        const { rows } = await withTimeout(replica.pool.query<Identity>(IDENTITY_SQL), CHECK_TIMEOUT_MS);
        const identity = rows[0]!;
        const expected = this.primaryIdentity;
        if (expected && (identity.system !== expected.system || identity.database !== expected.database)) {
          replica.state = "refused";
          this.options.log("error", "read replica refused: not a copy of the primary database", {
            replica: replica.name,
            systemIdentifier: identity.system,
            primarySystemIdentifier: expected.system,
            database: identity.database,
          });
          await replica.pool.end().catch(() => undefined);
          return;
        }
        replica.verified = true;
      }
      const { rows } = await withTimeout(
        replica.pool.query<{ standby: boolean; replayed: string | null }>(
          "select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as replayed",
        ),
        CHECK_TIMEOUT_MS,
      );
      const { standby, replayed } = rows[0]!;
      replica.standby = standby;
      replica.replayed = standby && replayed ? parseLsn(replayed) : null;
      replica.lagMs = standby ? lagFromSamples(this.samples, replica.replayed ?? 0n, Date.now()) : 0;
      replica.state = replica.lagMs > this.options.maxLagMs ? "lagging" : "ok";
    } catch (error) {
      replica.state = "down";
      replica.lagMs = null;
      this.logDown(replica, error);
      return;
    }
    if (replica.state !== before) this.logChange(replica, before);
  }

  private logDown(replica: Replica, error: unknown): void {
    // Once when it goes down (or is found down at start-up), not every second while it stays down.
    if (replica.downLogged) return;
    replica.downLogged = true;
    this.options.log("warn", "read replica down: its reads go to the primary", { replica: replica.name, error: describe(error) });
  }

  private logChange(replica: Replica, before: ReplicaState): void {
    const lagSeconds = replica.lagMs === null ? null : replica.lagMs / 1000;
    if (replica.state === "lagging") {
      this.options.log("warn", "read replica lagging: its reads go to the primary", { replica: replica.name, lagSeconds, maxLagSeconds: this.options.maxLagMs / 1000 });
    } else if (replica.state === "ok") {
      replica.downLogged = false;
      this.options.log("info", before === "lagging" ? "read replica caught up" : "read replica up", { replica: replica.name, lagSeconds, standby: replica.standby });
    }
  }

  /** A replica found unreachable while serving: out of rotation at once, not at the next check. */
  private markDown(replica: Replica, error: unknown): void {
    if (replica.state === "down" || replica.state === "refused") return;
    replica.state = "down";
    replica.lagMs = null;
    this.logDown(replica, error);
  }

  private count(target: ReadTarget, reason: ReadReason): void {
    const key = `${target}:${reason}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /**
   * A handle for one request's reads. `minLsn`: the member's last write, which the replica must have
   * replayed (read-your-writes). Each connection it takes goes to a replica that is up, within the
   * lag limit and has that write, and stays with it for the request; otherwise to the primary.
   */
  readDb(minLsn?: bigint): Kysely<Database> {
    let pinned: Replica | "primary" | undefined;
    const primary = this.primary;
    const connect = async (): Promise<PostgresPoolClient> => {
      if (pinned === "primary") return primary.connect();
      const replica = pinned ?? this.choose(minLsn);
      if (typeof replica === "string") {
        this.count("primary", replica);
        pinned = "primary";
        return primary.connect();
      }
      try {
        const client = await replica.pool.connect();
        this.count("replica", "ok");
        pinned = replica;
        return client;
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        this.markDown(replica, error);
        this.count("primary", "replica_down");
        pinned = "primary";
        return primary.connect();
      }
    };
    const pool: PostgresPool = { connect, end: async () => undefined };
    return new Kysely<Database>({ ...this.options.kysely, dialect: new PostgresDialect({ pool }) });
  }

  private choose(minLsn: bigint | undefined): Replica | Exclude<ReadReason, "ok"> {
    const usable = this.replicas.filter((replica) => replica.state === "ok");
    if (usable.length === 0) return this.replicas.some((replica) => replica.state === "lagging") ? "replica_lagging" : "replica_down";
    const fresh = minLsn === undefined ? usable : usable.filter((replica) => replica.hasReplayed(minLsn));
    if (fresh.length === 0) return "read_your_writes";
    this.next = (this.next + 1) % fresh.length;
    return fresh[this.next]!;
  }

  /** The primary's WAL position now: after a write has committed, a replica that reached it has it. */
  async writePosition(): Promise<bigint> {
    const { rows } = await this.primary.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn");
    return parseLsn(rows[0]!.lsn);
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((replica) => ({
      name: replica.name,
      state: replica.state,
      lagSeconds: replica.lagMs === null ? null : Math.round(replica.lagMs) / 1000,
    }));
  }

  readCounts(): ReadCount[] {
    return [...this.counts].map(([key, count]) => {
      const [target, reason] = key.split(":") as [ReadTarget, ReadReason];
      return { target, reason, count };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await Promise.all(this.replicas.filter((r) => r.state !== "refused").map((replica) => replica.pool.end().catch(() => undefined)));
  }
}

export class ReplicaMismatchError extends Error {
  constructor(readonly replica: string) {
    super(`not a copy of the primary: ${replica}`);
  }
}
