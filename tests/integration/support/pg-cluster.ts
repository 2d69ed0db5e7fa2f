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

/** Creates a cluster in a temporary directory (trust auth, loopback only) and starts it. */
export async function startTempCluster({ extraConfig = "" }: { extraConfig?: string } = {}): Promise<TempCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("no PostgreSQL server binaries in /usr/lib/postgresql");
  const dir = mkdtempSync(join(tmpdir(), "openent-pg-"));
  ownDirectory(dir);
  const port = await freePort();
  const run = (binary: string, args: string[]) => {
    const [command, argv] = asPostgresUser(join(bin, binary), args);
    return execFileSync(command, argv, { stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 }).toString();
  };
  const data = join(dir, "data");
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8"]);
  const config =
    `port = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nfsync = off\n` +
    `synchronous_commit = on\nmax_connections = 50\nshared_buffers = 32MB\n${extraConfig}\n`;
  const [command, argv] = asPostgresUser("sh", ["-c", `cat >> '${data}/postgresql.conf'`]);
  execFileSync(command, argv, { input: config });
  const ctl = (args: string[]) => run("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", ...args]);
  const cluster: TempCluster = {
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
  cluster.start();
  return cluster;
}

/** Writes `text` to a file the cluster's user can read (recovery settings and the like). */
export function writeClusterFile(path: string, text: string): void {
  writeFileSync(path, text);
  ownDirectory(path);
}
