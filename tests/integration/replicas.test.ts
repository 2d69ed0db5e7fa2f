import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { changeStatus } from "../../app/governance/proposals.server";
import { saveVersion } from "../../app/governance/versions.server";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { ensureBuild, freePort, signIn, startApp, type AppProcess } from "./support/app-process";
import { makeThread } from "./support/forum";
import { postgresBinDir, startTempCluster, startTempReplica, type TempCluster } from "./support/pg-cluster";
import { makeUser } from "./support/users";
import type { User } from "../../db/schema";

/**
 * Read replicas (issue 15, item 7) against a real streaming replica: a throw-away primary and a
 * hot standby made with `pg_basebackup -R`, each on its own loopback port. Read-only pages read from
 * the replica, writes go to the primary, a member reads their own post at once even while the replica
 * lags (replay paused), a lagging or stopped replica sends every reader to the primary, and a
 * DATABASE_READ_URL that is another database stops start-up.
 */

const available = postgresBinDir() !== undefined;
const MAX_LAG_MS = 3_000;
let primary: TempCluster;
let replica: TempCluster;
let app: AppProcess;
let handle: DatabaseHandle;
let authorCookie: string;
let readerCookie: string;
let threadPath: string;
let authorId: number;
/** A proposal with two versions of its text and an adoption, for the governance pages. */
let governance: { versions: [number, number]; decisionId: number };
let unreachablePort: number;
const dataDir = mkdtempSync(join(tmpdir(), "openent-replicas-"));

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function waitFor(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Health {
  status: string;
  replicas?: { state: string; lagSeconds: number | null }[];
}

async function health(): Promise<Health> {
  return (await (await fetch(`${app.origin}/healthz`)).json()) as Health;
}

async function page(path: string, cookie: string): Promise<{ status: number; html: string }> {
  const response = await fetch(`${app.origin}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  return { status: response.status, html: await response.text() };
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${app.origin}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(name));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

async function makeAdoptedProposal(db: DatabaseHandle["db"], author: User, moderator: User): Promise<typeof governance> {
  const proposal = await makeThread(db, author, { kind: "gouvernance", title: "Statuts de l'association, relecture" });
  const text = (fee: string) => ["## Article 1 — Objet", "Porter l'ENT commun.", "", "## Article 2 — Cotisations", fee].join("\n");
  const first = await saveVersion(db, moderator, proposal.id, { body: text("1 000 euros."), comment: "Premier jet", base: 0 });
  const second = await saveVersion(db, moderator, proposal.id, { body: text("800 euros."), comment: "Cotisation revue", base: 1 });
  if (!first.ok || !second.ok) throw new Error("versions not saved");
  const discussion = await changeStatus(db, moderator, proposal.id, { from: "proposition", to: "discussion", comment: null, decision: null });
  const decision = {
    decidedOn: "2026-03-12",
    decidingBody: "Assemblée générale du 12 mars 2026",
    votesFor: 14,
    votesAgainst: 1,
    abstentions: 1,
    summary: "Les statuts sont adoptés.",
    versionId: second.id,
  };
  const adopted = await changeStatus(db, moderator, proposal.id, { from: "discussion", to: "adoptee", comment: null, decision });
  if (!discussion.ok || !adopted.ok || adopted.decisionId === null) throw new Error("proposal not adopted");
  return { versions: [first.id, second.id], decisionId: adopted.decisionId };
}

describe.skipIf(!available)("read replicas", () => {
  beforeAll(async () => {
    ensureBuild();
    primary = await startTempCluster();
    await query(primary.url(), "create database openent");
    handle = await openDatabase({ kind: "server", url: primary.url("openent") });
    await migrateToLatest(handle.db);
    const author = await makeUser(handle.db, "delegate");
    const reader = await makeUser(handle.db, "delegate");
    const thread = await makeThread(handle.db, author);
    threadPath = `/fils/${thread.id}`;
    authorId = author.id;
    governance = await makeAdoptedProposal(handle.db, author, await makeUser(handle.db, "moderator"));
    replica = await startTempReplica(primary);
    await waitFor(async () => (await query(replica.url("openent"), "select 1 from thread where id = $1", [thread.id])).length === 1, "the replica to catch up");
    const port = await freePort();
    unreachablePort = await freePort();
    app = await startApp(dataDir, {
      port,
      env: {
        DATABASE_URL: primary.url("openent"),
        // A second replica that does not answer: start-up says so and goes on.
        DATABASE_READ_URL: `${replica.url("openent")}, postgres://postgres@127.0.0.1:${unreachablePort}/openent`,
        DATABASE_READ_MAX_LAG_MS: String(MAX_LAG_MS),
        APP_ORIGIN: `http://localhost:${port}`,
        WEB_CONCURRENCY: "1",
      },
    });
    authorCookie = await signIn(app, author.email, author.password);
    readerCookie = await signIn(app, reader.email, reader.password);
    const canonical = await fetch(`${app.origin}${threadPath}`, { headers: { Cookie: readerCookie }, redirect: "manual" });
    const location = canonical.headers.get("location");
    if (location) threadPath = new URL(location, app.origin).pathname;
  }, 240_000);

  afterAll(async () => {
    if (process.env.DEBUG_APP_OUTPUT) writeFileSync(process.env.DEBUG_APP_OUTPUT, app?.output() ?? "");
    if (app?.child.exitCode === null) app.child.kill("SIGKILL");
    await handle?.close().catch(() => undefined);
    replica?.destroy();
    primary?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("says at start-up which replica is out of service, and reports both in /healthz", async () => {
    expect(app.output()).toMatch(/répliques en lecture : 1\/2 — hors service, lectures sur le primaire en attendant : 127\.0\.0\.1:\d+\/openent \(down\)/);
    const state = await health();
    expect(state.status).toBe("ok");
    expect(state.replicas?.map((r) => r.state)).toEqual(["ok", "down"]);
    expect(JSON.stringify(state)).not.toContain("127.0.0.1");
  });

  it("reads list, thread and search pages from the replica, and writes to the primary", async () => {
    const before = await metric('openent_db_reads_total{target="replica",reason="ok"}');
    for (const path of ["/", threadPath, "/recherche?q=message", "/thematiques", "/flux/fils.atom"]) {
      expect((await page(path, readerCookie)).status, path).toBe(200);
    }
    expect(await metric('openent_db_reads_total{target="replica",reason="ok"}')).toBeGreaterThanOrEqual(before + 5);
    // The connections the pages used: the app's read pool, on the replica (in recovery), not on the primary.
    const onReplica = await query<{ n: number }>(
      replica.url(),
      "select count(*)::int as n from pg_stat_activity where application_name = 'openent-read' and datname = 'openent'",
    );
    expect(onReplica[0]!.n).toBeGreaterThan(0);
    expect((await query<{ standby: boolean }>(replica.url(), "select pg_is_in_recovery() as standby"))[0]!.standby).toBe(true);
    const onPrimary = await query<{ n: number }>(primary.url(), "select count(*)::int as n from pg_stat_activity where application_name = 'openent-read'");
    expect(onPrimary[0]!.n).toBe(0);
    expect(await metric(`openent_db_replica_up{replica="127.0.0.1:${replica.port}/openent"}`)).toBe(1);
    expect(await metric(`openent_db_replica_up{replica="127.0.0.1:${unreachablePort}/openent"}`)).toBe(0);
  });

  it("reads search suggestions, the directory, member profiles and governance pages from the replica (issue 15, item 7)", async () => {
    const [first, second] = governance.versions;
    const paths = [
      "/recherche/suggestions?q=statuts",
      "/membres",
      `/membres/${authorId}`,
      "/gouvernance",
      "/gouvernance/registre.csv",
      `/gouvernance/decisions/${governance.decisionId}`,
      `/gouvernance/decisions/${governance.decisionId}.md`,
      `/gouvernance/versions/${first}`,
      `/gouvernance/versions/${first}/articles/1`,
      `/gouvernance/comparer?de=${first}&a=${second}`,
    ];
    // One page at a time: each must take at least one connection from the replica (a page whose
    // loader reads the primary only leaves the count where it was).
    for (const path of paths) {
      const before = await metric('openent_db_reads_total{target="replica",reason="ok"}');
      expect((await page(path, readerCookie)).status, path).toBe(200);
      expect(await metric('openent_db_reads_total{target="replica",reason="ok"}'), path).toBeGreaterThan(before);
    }
  });

  it("shows those pages as the replica has them: what the primary has and the replica has not replayed yet is not there", { timeout: 60_000 }, async () => {
    const mark = Math.random().toString(36).slice(2, 8);
    const name = `Nom changé ${mark}`;
    const title = `Proposition écrite pendant la pause ${mark}`;
    const pages = async () => {
      const [profile, directory, register, suggestions] = await Promise.all(
        [`/membres/${authorId}`, `/membres?q=${mark}`, "/gouvernance", `/recherche/suggestions?q=${encodeURIComponent(`pause ${mark}`)}`].map((path) =>
          page(path, readerCookie),
        ),
      );
      return { profile: profile!.html, directory: directory!.html, register: register!.html, suggestions: suggestions!.html };
    };
    const author = await handle.db.selectFrom("app_user").selectAll().where("id", "=", authorId).executeTakeFirstOrThrow();
    await query(replica.url(), "select pg_wal_replay_pause()");
    try {
      // Written on the primary behind the app's back: no read-your-writes cookie for anyone.
      await handle.db.updateTable("app_user").set({ display_name: name }).where("id", "=", authorId).execute();
      await makeThread(handle.db, author, { kind: "gouvernance", title });
      const stale = await pages();
      expect((await health()).replicas?.[0]?.state, "the replica must still be in rotation for this check").toBe("ok");
      expect(stale.profile).not.toContain(name);
      expect(stale.directory).not.toContain(name);
      expect(stale.register).not.toContain(title);
      expect(stale.suggestions).not.toContain(title);
    } finally {
      await query(replica.url(), "select pg_wal_replay_resume()");
    }
    await waitFor(async () => (await health()).replicas?.[0]?.state === "ok", "the replica to catch up");
    await waitFor(async () => (await query(replica.url("openent"), "select 1 from thread where title = $1", [title])).length === 1, "the replica to replay");
    // Replayed: the same pages now show both (so the check above could see them).
    const current = await pages();
    expect(current.profile).toContain(name);
    expect(current.directory).toContain(name);
    expect(current.register).toContain(title);
    expect(current.suggestions).toContain(title);
  });

  it("lets a member read their own post at once while the replica lags, then sends everyone to the primary", { timeout: 60_000 }, async () => {
    await query(replica.url(), "select pg_wal_replay_pause()");
    try {
      const body = `Écrit pendant la pause ${Math.random().toString(36).slice(2)}`;
      const response = await fetch(`${app.origin}${threadPath}`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.origin, Cookie: authorCookie },
        body: new URLSearchParams({ intent: "reply", body }),
      });
      expect(response.status).toBe(302);
      const readYourWrites = response.headers.getSetCookie().find((cookie) => cookie.startsWith("openent_rw="));
      expect(readYourWrites).toMatch(/^openent_rw=\d+;/);
      expect(readYourWrites).toContain("Max-Age=8"); // DATABASE_READ_MAX_LAG_MS and 5 s
      const withCookie = `${authorCookie}; ${readYourWrites!.split(";")[0]}`;
      const location = response.headers.get("location")!;

      // The author, with the cookie of their write: from the primary. Everyone else: the replica,
      // which has not replayed it yet (that is what shows the pages really read from the replica).
      expect((await page(location, withCookie)).html).toContain(body);
      expect((await page(location, readerCookie)).html).not.toContain(body);
      expect((await page(location, authorCookie)).html).not.toContain(body);
      expect(await metric('openent_db_reads_total{target="primary",reason="read_your_writes"}')).toBeGreaterThan(0);
      // Written on the primary, not on the replica.
      expect((await handle.db.selectFrom("post").select("id").where("body_markdown", "=", body).execute()).length).toBe(1);

      // Beyond DATABASE_READ_MAX_LAG_MS the replica is out of rotation: every reader sees the post.
      await waitFor(async () => (await health()).replicas?.[0]?.state === "lagging", "the replica to be reported lagging");
      expect((await page(location, readerCookie)).html).toContain(body);
      expect(await metric('openent_db_reads_total{target="primary",reason="replica_lagging"}')).toBeGreaterThan(0);
      expect(app.output()).toContain("read replica lagging");
    } finally {
      await query(replica.url(), "select pg_wal_replay_resume()");
    }
    await waitFor(async () => (await health()).replicas?.[0]?.state === "ok", "the replica to catch up");
    expect(app.output()).toContain("read replica caught up");
  });

  it("serves every page from the primary when the replica stops, and uses it again when it is back", { timeout: 60_000 }, async () => {
    replica.stop("fast");
    // At once, before the monitor noticed: a refused connection falls back to the primary.
    for (const path of ["/", threadPath, "/recherche?q=message"]) {
      const result = await page(path, readerCookie);
      expect(result.status, path).toBe(200);
    }
    await waitFor(async () => (await health()).replicas?.[0]?.state === "down", "the replica to be reported down");
    const state = await health();
    expect(state.status).toBe("ok");
    for (const path of ["/", threadPath, "/flux/fils.atom"]) expect((await page(path, readerCookie)).status, path).toBe(200);
    expect(await metric('openent_db_reads_total{target="primary",reason="replica_down"}')).toBeGreaterThan(0);
    expect(app.output()).toContain("read replica down");

    replica.start();
    await waitFor(async () => (await health()).replicas?.[0]?.state === "ok", "the replica to be back");
    const before = await metric('openent_db_reads_total{target="replica",reason="ok"}');
    expect((await page("/", readerCookie)).status).toBe(200);
    expect(await metric('openent_db_reads_total{target="replica",reason="ok"}')).toBeGreaterThan(before);
    expect(app.child.exitCode).toBeNull();
  });

  it("accepts a DATABASE_READ_URL that is the primary itself: always current", async () => {
    const same = await openDatabase({ kind: "server", url: primary.url("openent"), readUrls: [primary.url("openent")], maxReplicaLagMs: 1_000 });
    try {
      expect(same.replicaStatus()).toEqual([{ name: `127.0.0.1:${primary.port}/openent`, state: "ok", lagSeconds: 0 }]);
      const position = await same.writePosition();
      const rows = await same.readDb(position! + 1_000_000n).selectFrom("thread").select("id").execute();
      expect(rows.length).toBeGreaterThan(0);
      expect(same.readCounts()).toEqual([{ target: "replica", reason: "ok", count: 1 }]);
    } finally {
      await same.close();
    }
  });

  it("refuses to start when DATABASE_READ_URL is another database: another cluster, or another database of the replica", { timeout: 60_000 }, async () => {
    // What the app's start-up prints on one line before exiting 1 (app/db.server.ts startDatabase).
    const other = await startTempCluster();
    try {
      await expect(openDatabase({ kind: "server", url: primary.url("openent"), readUrls: [other.url("postgres")] })).rejects.toThrow(
        new RegExp(`DATABASE_READ_URL n'est pas une copie de la base principale .*127\\.0\\.0\\.1:${other.port}/postgres`),
      );
      await expect(openDatabase({ kind: "server", url: primary.url("openent"), readUrls: [replica.url("postgres")] })).rejects.toThrow(
        /n'est pas une copie de la base principale/,
      );
    } finally {
      other.destroy();
    }
  });
});
