import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

import type { Kysely } from "kysely";

import type { Database } from "../../../db/schema";
import { serverNodeArgs } from "../../../server/node-flags";

/**
 * The real server (`build/server/index.js`, as `npm run serve` runs it) as a child process on a loopback
 * port, for the fault tests: graceful shutdown, kill -9. The build is made once if it is missing or
 * older than the sources, so the tests stand alone.
 */

const root = resolve(import.meta.dirname, "../../..");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureBuild(): void {
  let built = 0;
  try {
    built = statSync(join(root, "build/index.js")).mtimeMs;
  } catch {
    // No build yet.
  }
  try {
    built = Math.min(built, statSync(join(root, "build/server/index.js")).mtimeMs);
  } catch {
    built = 0;
  }
  const sources = Math.max(newestMtime(join(root, "app")), newestMtime(join(root, "db")), newestMtime(join(root, "server")));
  if (built > sources) return;
  // What `npm run build` does: the Remix build, then the server bundle.
  execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface AppProcess {
  child: ChildProcess;
  port: number;
  origin: string;
  /** Everything the process printed so far. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the app on `dataDir`; resolves once it listens (at most `timeoutMs`). */
export async function startApp(
  dataDir: string,
  { timeoutMs = 90_000, env = {}, port: fixedPort }: { timeoutMs?: number; env?: Record<string, string>; port?: number } = {},
): Promise<AppProcess> {
  const port = fixedPort ?? (await freePort());
  const base = { ...process.env };
  for (const name of ["APP_ORIGIN", "DATABASE_URL", "TRUST_PROXY", "WEB_CONCURRENCY", "METRICS_TOKEN"]) delete base[name];
  // What `npm run serve` runs.
  const child = spawn(process.execPath, serverNodeArgs(), {
    cwd: root,
    env: { ...base, NODE_ENV: "production", PORT: String(port), DATA_DIR: dataDir, SMTP_URL: "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.on("exit", (code, signal) => resolveExit({ code, signal })),
  );
  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the app did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const check = () => {
      if (output.includes(`OpenENT Échanges : http://localhost:${port}`)) {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        resolveReady();
      }
    };
    child.stdout!.on("data", check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the app stopped before listening:\n${output}`));
    });
  });
  return { child, port, origin: `http://localhost:${port}`, output: () => output, exited };
}

/** Signs in with a demo account of the embedded database; returns the session cookie. */
export async function signIn(app: AppProcess, email: string, password: string): Promise<string> {
  const response = await fetch(`${app.origin}/connexion`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.origin },
    body: new URLSearchParams({ email, password, retour: "/" }),
  });
  const cookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie.split(";")[0]!;
}

export const DELEGATE = { email: "delegue@demo.openent.fr", password: "demo-delegue-openent-2026" };

/** The path of the most recent demo thread on the home page, e.g. `/fils/12-…`. */
export async function someThreadPath(app: AppProcess, cookie: string): Promise<string> {
  const html = await (await fetch(`${app.origin}/`, { headers: { Cookie: cookie } })).text();
  const match = /href="(\/fils\/\d+[^"?#]*)"/.exec(html);
  if (!match) throw new Error("no thread on the home page");
  return match[1]!;
}

/** Posts a reply; true when the app acknowledged it (a redirect to the new message). */
export async function postReply(app: AppProcess, cookie: string, threadPath: string, body: string): Promise<boolean> {
  try {
    const response = await fetch(`${app.origin}${threadPath}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.origin, Cookie: cookie },
      body: new URLSearchParams({ intent: "reply", body }),
    });
    await response.arrayBuffer();
    return response.status >= 200 && response.status < 400;
  } catch {
    return false; // refused or cut: not acknowledged
  }
}

/** Every thread's counters agree with its posts: positions 1…n, reply_count n − 1, last_post_id the last one. */
export async function inconsistentThreads(db: Kysely<Database>): Promise<unknown[]> {
  const rows = await db
    .selectFrom("thread")
    .leftJoin("post", "post.thread_id", "thread.id")
    .select((eb) => [
      "thread.id",
      "thread.reply_count",
      "thread.last_post_id",
      eb.fn.count<number>("post.id").as("posts"),
      eb.fn.max<number>("post.position").as("max_position"),
      eb.fn.max<number>("post.id").as("max_post_id"),
    ])
    .groupBy("thread.id")
    .execute();
  return rows.filter(
    (row) =>
      Number(row.posts) === 0 ||
      Number(row.posts) !== Number(row.max_position) ||
      row.reply_count !== Number(row.posts) - 1 ||
      row.last_post_id !== row.max_post_id,
  );
}
