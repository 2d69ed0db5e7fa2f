import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { ensureBuild, freePort, signIn, startApp, type AppProcess } from "./support/app-process";
import { makeThread } from "./support/forum";
import { postgresBinDir, startTempCluster, type TempCluster } from "./support/pg-cluster";
import { makeUser } from "./support/users";

/**
 * PostgreSQL going away under load (issue 15, item 2): the real app on a throw-away cluster of its
 * own (never the machine's shared one), a burst of replies and page views, the server stopped and
 * started again. While it is away every answer is a fast French 503 (never a 500, never a hang),
 * /healthz says so, and the pool recovers by itself: no app restart, every acknowledged reply stored.
 */

const available = postgresBinDir() !== undefined;
let cluster: TempCluster;
let app: AppProcess;
let handle: DatabaseHandle;
let cookie: string;
let threadPath: string;
const dataDir = mkdtempSync(join(tmpdir(), "openent-pgrestart-"));

interface Outcome {
  kind: "reply" | "page" | "health";
  status: number;
  ms: number;
  body?: string;
  text?: string;
}

const acked = (outcome: Outcome) => outcome.status === 302 || outcome.status === 303;

async function timed(kind: Outcome["kind"], run: () => Promise<Response>, body?: string): Promise<Outcome> {
  const started = performance.now();
  try {
    const response = await run();
    const text = await response.text();
    return { kind, status: response.status, ms: performance.now() - started, body, text };
  } catch {
    // A connection the app itself cut: not acknowledged, and not an HTTP answer.
    return { kind, status: 0, ms: performance.now() - started, body };
  }
}

describe.skipIf(!available)("PostgreSQL restart under load", () => {
  beforeAll(async () => {
    ensureBuild();
    cluster = await startTempCluster();
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query("create database openent");
    await admin.end();
    handle = await openDatabase({ kind: "server", url: cluster.url("openent") });
    await migrateToLatest(handle.db);
    const author = await makeUser(handle.db, "delegate");
    const thread = await makeThread(handle.db, author);
    threadPath = `/fils/${thread.id}`;
    const port = await freePort();
    app = await startApp(dataDir, {
      port,
      env: { DATABASE_URL: cluster.url("openent"), APP_ORIGIN: `http://localhost:${port}`, WEB_CONCURRENCY: "1" },
    });
    cookie = await signIn(app, author.email, author.password);
    // The thread's canonical address (with its slug): replies and views go there, not through a 301.
    const canonical = await fetch(`${app.origin}${threadPath}`, { headers: { Cookie: cookie }, redirect: "manual" });
    const location = canonical.headers.get("location");
    if (location) threadPath = new URL(location, app.origin).pathname;
  }, 240_000);

  afterAll(async () => {
    // The app's own log, to see why it failed (e.g. a crash on the server's disconnect).
    if (process.env.DEBUG_APP_OUTPUT) writeFileSync(process.env.DEBUG_APP_OUTPUT, app?.output() ?? "");
    if (app?.child.exitCode === null) app.child.kill("SIGKILL");
    await handle?.close().catch(() => undefined);
    cluster?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers 503 in French while the server is away, then recovers alone with every acknowledged reply", { timeout: 180_000 }, async () => {
    const outcomes: Outcome[] = [];
    let phase: "before" | "away" | "after" = "before";
    let stop = false;
    let next = 0;
    const reply = () => {
      const body = `Redémarrage n° ${next++} (${Math.random().toString(36).slice(2)})`;
      return timed(
        "reply",
        () =>
          fetch(`${app.origin}${threadPath}`, {
            method: "POST",
            redirect: "manual",
            headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.origin, Cookie: cookie },
            body: new URLSearchParams({ intent: "reply", body }),
          }),
        body,
      );
    };
    const page = () => timed("page", () => fetch(`${app.origin}${threadPath}?page=1`, { headers: { Cookie: cookie }, redirect: "manual" }));
    const load = async (kind: "reply" | "page") => {
      while (!stop) outcomes.push(await (kind === "reply" ? reply() : page()));
    };
    const clients = [load("reply"), load("reply"), load("page")];

    const waitFor = async (predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await predicate())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const health = async () => (await timed("health", () => fetch(`${app.origin}/healthz`))).status;

    await waitFor(() => outcomes.filter((o) => o.kind === "reply" && acked(o)).length >= 5, "replies before the restart");
    phase = "away";
    cluster.stop("fast");
    const awayFrom = outcomes.length;
    await waitFor(async () => (await health()) === 503, "/healthz to report the database away");
    // Let the load meet the stopped server for a while.
    await waitFor(() => outcomes.length >= awayFrom + 30, "requests while the server is away");
    const whileAway = outcomes.slice(awayFrom);
    cluster.start();
    await waitFor(async () => (await health()) === 200, "/healthz to recover");
    phase = "after";
    const afterFrom = outcomes.length;
    await waitFor(() => outcomes.slice(afterFrom).filter((o) => o.kind === "reply" && acked(o)).length >= 5, "replies after the restart");
    stop = true;
    await Promise.all(clients);
    expect(phase).toBe("after");

    // Never a 500, never a hang: every answer is a success, a redirect or a French 503 with Retry-After.
    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].filter((status) => ![200, 302, 303, 503].includes(status))).toEqual([]);
    const unavailable = whileAway.filter((o) => o.status === 503);
    expect(unavailable.length).toBeGreaterThan(20);
    expect(unavailable.some((o) => o.kind === "reply") && unavailable.some((o) => o.kind === "page")).toBe(true);
    for (const outcome of unavailable) {
      expect(outcome.text).toContain("Service momentanément indisponible");
      expect(outcome.text).not.toMatch(/at .*\.(ts|js):\d+|ECONNREFUSED|stack/i);
    }
    expect(Math.max(...unavailable.map((o) => o.ms))).toBeLessThan(5_000);
    const check = await fetch(`${app.origin}${threadPath}?page=1`, { headers: { Cookie: cookie } });
    expect(check.status).toBe(200);

    // The same process served before and after: no restart.
    expect(app.child.exitCode).toBeNull();

    // Every acknowledged reply is stored, once.
    const acknowledged = outcomes.filter((o) => o.kind === "reply" && acked(o)).map((o) => o.body!);
    const rows = await handle.db.selectFrom("post").select("body_markdown").where("body_markdown", "like", "Redémarrage n° %").execute();
    const stored = rows.map((row) => row.body_markdown);
    for (const body of acknowledged) expect(stored).toContain(body);
    expect(new Set(stored).size).toBe(stored.length);
  });
});
