import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { freePort } from "./app-process";

/**
 * A throw-away PostgreSQL cluster on a loopback port, for the tests that stop, restart or replicate
 * a server: they never touch the machine's own cluster (which other suites are using). The binaries
 * are the installed server's (`/usr/lib/postgresql/<version>/bin`); as root the cluster runs as the
 * `postgres` system user, as PostgreSQL requires.
 */

export function postgresBinDir(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((name) => existsSync(join(base, name, "bin", "initdb")));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], "bin") : undefined;
}

export interface TempCluster {
  port: number;
  dir: string;
  url(database?: string): string;
  start(): void;
  stop(mode?: "fast" | "immediate"): void;
  restart(): void;
  /** Runs a binary of the installed server (pg_basebackup…) as the cluster's user. */
  run(binary: string, args: string[]): string;
  destroy(): void;
}

function asPostgresUser(command: string, args: string[]): [string, string[]] {
  const root = process.getuid?.() === 0;
  return root ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
}

export function ownDirectory(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  chownSync(dir, uid, gid);
}

function clusterRunner(bin: string) {
  return (binary: string, args: string[]) => {
    const [command, argv] = asPostgresUser(join(bin, binary), args);
    return execFileSync(command, argv, { stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 }).toString();
  };
}

function appendConfig(data: string, text: string): void {
  const [command, argv] = asPostgresUser("sh", ["-c", `cat >> '${data}/postgresql.conf'`]);
  execFileSync(command, argv, { input: text });
}

/** Loopback only, its own port and socket directory; settings later in the file win. */
function localConfig(dir: string, port: number, extraConfig: string): string {
  return (
    `port = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nfsync = off\n` +
    `synchronous_commit = on\nmax_connections = 50\nshared_buffers = 32MB\n${extraConfig}\n`
  );
}

function controlledCluster(dir: string, port: number, run: TempCluster["run"]): TempCluster {
  const data = join(dir, "data");
  const ctl = (args: string[]) => run("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", ...args]);
  return {
    port,
    dir,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: () => void ctl(["start"]),
    stop: (mode = "fast") => void ctl(["stop", "-m", mode]),
    restart: () => void ctl(["restart", "-m", "fast"]),
    run,
    destroy() {
      try {
        ctl(["stop", "-m", "immediate"]);
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Creates a cluster in a temporary directory (trust auth, loopback only) and starts it. It can be
 * the primary of a streaming replica (`startTempReplica`): `wal_level` is `replica` by default and
 * initdb's pg_hba.conf already lets loopback connect for replication (trust).
 */
export async function startTempCluster({ extraConfig = "" }: { extraConfig?: string } = {}): Promise<TempCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("no PostgreSQL server binaries in /usr/lib/postgresql");
  const dir = mkdtempSync(join(tmpdir(), "openent-pg-"));
  ownDirectory(dir);
  const port = await freePort();
  const run = clusterRunner(bin);
  const data = join(dir, "data");
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8"]);
  appendConfig(data, localConfig(dir, port, `wal_level = replica\nmax_wal_senders = 5\n${extraConfig}`));
  const cluster = controlledCluster(dir, port, run);
  cluster.start();
  return cluster;
}

/**
 * A hot standby of `primary` on its own loopback port: `pg_basebackup -R` (which writes
 * `primary_conninfo` and `standby.signal`) into a temporary directory, streaming from then on.
 */
export async function startTempReplica(primary: TempCluster): Promise<TempCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("no PostgreSQL server binaries in /usr/lib/postgresql");
  const dir = mkdtempSync(join(tmpdir(), "openent-pg-replica-"));
  ownDirectory(dir);
  const port = await freePort();
  const run = clusterRunner(bin);
  const data = join(dir, "data");
  run("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-D", data, "-R", "-X", "stream", "--no-sync", "-c", "fast"]);
  appendConfig(data, localConfig(dir, port, "hot_standby = on\nhot_standby_feedback = on\n"));
  const replica = controlledCluster(dir, port, run);
  replica.start();
  return replica;
}

/** Writes `text` to a file the cluster's user can read (recovery settings and the like). */
export function writeClusterFile(path: string, text: string): void {
  writeFileSync(path, text);
  ownDirectory(path);
}
