import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { DELEGATE, ensureBuild, freePort, signIn, someThreadPath, startApp, type AppProcess } from "./support/app-process";
import { makeThread } from "./support/forum";
import { makeUser } from "./support/users";

/**
 * The page cache with the real app (issue 11, target 1): a write acknowledged by one app process is
 * never followed by a stale page from another (two processes on one PostgreSQL), nor from the same
 * process (the embedded database); a lost LISTEN connection clears the cache.
 */

interface Visit {
  status: number;
  cache: string | null;
  html: string;
}

async function visit(app: AppProcess, path: string): Promise<Visit> {
  const response = await fetch(`${app.origin}${path}`, { redirect: "manual" });
  return { status: response.status, cache: response.headers.get("x-page-cache"), html: await response.text() };
}

/** The thread's address with its slug, so views are not 301s. */
async function canonicalPath(app: AppProcess, path: string): Promise<string> {
  const response = await fetch(`${app.origin}${path}`, { redirect: "manual" });
  await response.arrayBuffer();
  const location = response.headers.get("location");
  return location ? new URL(location, app.origin).pathname : path;
}

async function warm(app: AppProcess, path: string): Promise<void> {
  await visit(app, path);
  expect((await visit(app, path)).cache).toBe("hit");
}

function stop(app: AppProcess | undefined): void {
  if (app?.child.exitCode === null) app.child.kill("SIGKILL");
}

describe("page cache on the embedded database (one process)", () => {
  let app: AppProcess;
  const dataDir = mkdtempSync(join(tmpdir(), "openent-cache-"));

  beforeAll(async () => {
    ensureBuild();
    app = await startApp(dataDir);
  }, 240_000);

  afterAll(() => {
    stop(app);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows a reply to the next visitor as soon as it is acknowledged, on the thread and the home page", { timeout: 120_000 }, async () => {
    const cookie = await signIn(app, DELEGATE.email, DELEGATE.password);
    // A public thread: the first on a visitor's home page.
    const thread = await canonicalPath(app, await someThreadPath(app, ""));
    for (let i = 0; i < 5; i++) {
      await warm(app, thread);
      await warm(app, "/");
      const body = `Réponse en cache n° ${i} ${randomBytes(4).toString("hex")}`;
      const page = await visit(app, await reply(app, cookie, thread, body));
      expect(page.html).toContain(body);
      expect((await visit(app, "/")).cache).toBe("miss");
    }
  });
});

/** Posts a reply as the member; returns the page it landed on (path and query, as a visitor would open it). */
async function reply(app: AppProcess, cookie: string, thread: string, body: string): Promise<string> {
  const response = await fetch(`${app.origin}${thread}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.origin, Cookie: cookie },
    body: new URLSearchParams({ intent: "reply", body }),
  });
  await response.arrayBuffer();
  const location = response.headers.get("location");
  expect(response.status, "the reply is acknowledged").toBe(302);
  const url = new URL(location!, app.origin);
  return `${url.pathname}${url.search}`;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("page cache with two app processes on PostgreSQL", () => {
  const name = `cache_t_${randomBytes(5).toString("hex")}`;
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let handle: DatabaseHandle;
  let writer: AppProcess;
  let reader: AppProcess;
  let cookie: string;
  let thread: string;
  let threadId: number;
  const dirs = [mkdtempSync(join(tmpdir(), "openent-cache-a-")), mkdtempSync(join(tmpdir(), "openent-cache-b-"))];

  async function admin<T>(run: (client: pg.Client) => Promise<T>, connectionString = url.toString()): Promise<T> {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  }

  async function start(dir: string): Promise<AppProcess> {
    const port = await freePort();
    return startApp(dir, { port, env: { DATABASE_URL: url.toString(), APP_ORIGIN: `http://localhost:${port}`, WEB_CONCURRENCY: "1" } });
  }

  beforeAll(async () => {
    ensureBuild();
    await admin((client) => client.query(`create database ${name}`), adminUrl);
    handle = await openDatabase({ kind: "server", url: url.toString() });
    await migrateToLatest(handle.db);
    const author = await makeUser(handle.db, "delegate");
    const created = await makeThread(handle.db, author);
    threadId = created.id;
    await handle.db.updateTable("thread").set({ visibility: "public" }).where("id", "=", threadId).execute();
    [writer, reader] = await Promise.all([start(dirs[0]!), start(dirs[1]!)]);
    cookie = await signIn(writer, author.email, author.password);
    thread = await canonicalPath(reader, `/fils/${threadId}`);
  }, 240_000);

  afterAll(async () => {
    stop(writer);
    stop(reader);
    await handle?.close().catch(() => undefined);
    await admin((client) => client.query(`drop database if exists ${name} with (force)`), adminUrl).catch(() => undefined);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("never serves a page older than a reply another process has acknowledged", { timeout: 120_000 }, async () => {
    for (let i = 0; i < 20; i++) {
      await warm(reader, thread);
      await warm(reader, "/");
      const body = `Réponse vue ailleurs n° ${i} ${randomBytes(4).toString("hex")}`;
      const landed = await reply(writer, cookie, thread, body);
      // At once, no waiting: the reader's barrier covers the notification still on its way.
      const page = await visit(reader, landed);
      expect(page.cache).toBe("miss");
      expect(page.html).toContain(body);
    }
  });

  it("is cleared by a write made outside the app (a trigger, not the app's code, sends the notification)", async () => {
    await warm(reader, thread);
    const title = `Titre changé en base ${randomBytes(4).toString("hex")}`;
    await admin((client) => client.query("update thread set title = $1 where id = $2", [title, threadId]));
    const page = await visit(reader, `/fils/${threadId}`);
    const final = page.status === 200 ? page : await visit(reader, await canonicalPath(reader, `/fils/${threadId}`));
    expect(final.html).toContain(title);
    thread = await canonicalPath(reader, `/fils/${threadId}`);
  });

  it("clears everything when its LISTEN connection drops, since notifications may have been missed", { timeout: 60_000 }, async () => {
    await warm(reader, thread);
    // A write whose notification is lost: triggers off for this session (the reader keeps its stale page).
    const body = `Écrit sans notification ${randomBytes(4).toString("hex")}`;
    await admin(async (client) => {
      await client.query("set session_replication_role = replica");
      await client.query("update post set body_html = $1 where thread_id = $2 and position = 1", [`<p>${body}</p>`, threadId]);
    });
    const stale = await visit(reader, thread);
    expect(stale.cache).toBe("hit");
    expect(stale.html).not.toContain(body);
    await admin((client) =>
      client.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'openent-listen'"),
    );
    // While it reconnects the cache steps aside; once back, it starts from empty.
    await expect
      .poll(async () => {
        const page = await visit(reader, thread);
        return page.cache !== null && page.html.includes(body);
      }, { timeout: 30_000, interval: 200 })
      .toBe(true);
  });
});
