import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";

import pg from "pg";

import { createUser, findUserByEmail, setPassword } from "../../app/auth/users.server";
import { createThread } from "../../app/forum/threads.server";
import { maskUrl, openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seedDemo } from "../../db/seed";
import { percentile } from "./report";

/**
 * `npm run soak -- [--database-url postgres://…/openent_soak] [--minutes 10] [--connections 8] [--processes 2]`
 *
 * A mixed load against several app processes sharing one PostgreSQL database, for a fixed time, on
 * loopback only: list pages, threads, searches, sign-ins, replies and edits, from `--connections`
 * clients spread over the processes. At the end it reports the errors (must be 0), p50/p99 per
 * kind, each server process' resident memory (RSS) at the start of the measured load (right after
 * the warm-up: a tenth of the run, at most one minute) and at its end, which must be within 10 % of
 * each other, RSS every minute and the floor of the V8 heap in use per third of the run (for
 * reading a failure: see `heapFloors`), and checks that every acknowledged reply and edit is in the
 * database. Exit code 1 when a check fails. The database is created if missing (and migrated, with the demo's collectivités and
 * thématiques); the app is the built one (`npm run build` first), started by `npm run serve`.
 */

const { values } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/openent_soak" },
    minutes: { type: "string", default: "10" },
    connections: { type: "string", default: "8" },
    processes: { type: "string", default: "2" },
    out: { type: "string" },
  },
  strict: true,
});

const root = resolve(import.meta.dirname, "../..");
const minutes = Number(values.minutes);
const connections = Number(values.connections);
const processes = Number(values.processes);
if (!(minutes > 0 && connections > 0 && processes > 0 && processes <= 8 && connections <= 64)) {
  console.error("Usage : npm run soak -- [--database-url …] [--minutes 10] [--connections 8 (≤ 64)] [--processes 2 (≤ 8)]");
  process.exit(2);
}
const databaseUrl = values["database-url"]!;
const host = new URL(databaseUrl).hostname;
if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
  console.error(`Le soak ne tourne que sur une base locale (loopback), pas ${maskUrl(databaseUrl)}.`);
  process.exit(2);
}

const PASSWORD = "Soak-OpenENT-2026-phrase";
const MEMBERS = 6;
const SEARCHES = ["ENT", "messagerie", "formation", "visioconférence", "accessibilité", "marché public"];
type Kind = "liste" | "fil" | "recherche" | "connexion" | "réponse" | "modification";
/** Out of 100: mostly reads, as a forum is. */
const MIX: [Kind, number][] = [["liste", 30], ["fil", 30], ["recherche", 15], ["connexion", 5], ["réponse", 15], ["modification", 5]];

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function ensureDatabase(): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
}

/** The soak's members (created or reset) and a few threads to read and answer. */
async function prepare(handle: DatabaseHandle): Promise<{ emails: string[]; threads: string[] }> {
  await migrateToLatest(handle.db);
  await seedDemo(handle.db);
  const collectivite = await handle.db.selectFrom("collectivite").select("id").orderBy("id").executeTakeFirstOrThrow();
  const topic = await handle.db.selectFrom("topic").select("id").orderBy("id").executeTakeFirstOrThrow();
  const emails: string[] = [];
  for (let i = 1; i <= MEMBERS; i++) {
    const email = `soak-${i}@charge.openent.test`;
    const existing = await findUserByEmail(handle.db, email);
    const user = existing ?? (await createUser(handle.db, { email, displayName: `Soak ${i}`, password: PASSWORD, role: "delegate", collectiviteId: collectivite.id }));
    if (existing) await setPassword(handle.db, existing.id, PASSWORD);
    emails.push(email);
    if (i === 1) {
      const count = await handle.db.selectFrom("thread").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      for (let t = Number(count.n); t < 20; t++) {
        await createThread(handle.db, { id: user.id, role: user.role, status: user.status }, {
          title: `Fil d'endurance ${t + 1} : messagerie et formation`,
          kind: "discussion",
          body: `Premier message du fil d'endurance ${t + 1}, sur l'ENT, la messagerie et la formation.`,
          report: null,
          collectiviteIds: [collectivite.id],
          topicIds: [topic.id],
        });
      }
    }
  }
  const threads = await handle.db.selectFrom("thread").select(["id", "slug"]).where("deleted_at", "is", null).orderBy("id", "desc").limit(20).execute();
  return { emails, threads: threads.map((t) => `/fils/${t.id}-${t.slug}`) };
}

interface App {
  port: number;
  origin: string;
  child: ChildProcess;
}

async function startApp(): Promise<App> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const child = spawn("npm", ["run", "--silent", "serve"], {
    cwd: root,
    detached: true, // its own process group: the memory of npm, the loader and the server are counted together
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATABASE_URL: databaseUrl, APP_ORIGIN: origin, WEB_CONCURRENCY: "1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return { port, origin, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`app on port ${port} did not start`);
}

/** Resident memory of the app's process group, in MB (the server process itself, plus npm's shell). */
function groupRss(app: App): { server: number; group: number } {
  const out = execFileSync("ps", ["-o", "rss=,args=", "-g", String(app.child.pid)]).toString().trim().split("\n");
  let server = 0;
  let group = 0;
  for (const line of out) {
    const [rss, ...args] = line.trim().split(/\s+/);
    const mb = Number(rss) / 1024;
    group += mb;
    if (/server\/index|build\/server/.test(args.join(" "))) server = Math.max(server, mb);
  }
  return { server: Math.round(server), group: Math.round(group) };
}

async function signIn(app: App, email: string): Promise<string> {
  const response = await fetch(`${app.origin}/connexion`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.origin },
    body: new URLSearchParams({ email, password: PASSWORD, retour: "/" }),
  });
  await response.arrayBuffer();
  const cookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !cookie) throw new Error(`sign-in ${email}: ${response.status}`);
  return cookie.split(";")[0]!;
}

/** `nodejs_heap_size_used_bytes` of one process, in MB (NaN when it does not answer). */
async function heapUsedMb(app: App): Promise<number> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${app.port}/metrics`)).text();
    const line = text.split("\n").find((l) => l.startsWith("nodejs_heap_size_used_bytes "));
    return line ? Math.round(Number(line.split(" ")[1]) / 1024 / 102.4) / 10 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * For reading a failed RSS check: the lowest heap in use over a stretch of time is what survived
 * collection, the live data. A floor that rises from the first third of the run to the last is a
 * leak; a flat floor under a rising RSS is the heap or the allocator keeping freed memory.
 */
function heapFloors(heap: { at: number; mb: number[] }[], i: number, durationMs: number): { heapFloorsMb: number[]; heapFloorGrowthPercent: number } {
  const floors = [0, 1, 2].map((third) => {
    const values = heap.filter((h) => Math.floor((h.at / durationMs) * 3) === third).map((h) => h.mb[i]!).filter(Number.isFinite);
    return values.length ? Math.min(...values) : Number.NaN;
  });
  const growth = Math.round(((floors[2]! - floors[0]!) / floors[0]!) * 1000) / 10;
  return { heapFloorsMb: floors, heapFloorGrowthPercent: Number.isFinite(growth) ? growth : Number.POSITIVE_INFINITY };
}

function pick(): Kind {
  let roll = Math.random() * 100;
  for (const [kind, weight] of MIX) if ((roll -= weight) < 0) return kind;
  return "liste";
}

async function main() {
  await ensureDatabase();
  const handle = await openDatabase({ kind: "server", url: databaseUrl });
  const { emails, threads } = await prepare(handle);
  const apps: App[] = [];
  const stopAll = () => apps.forEach((app) => app.child.pid && process.kill(-app.child.pid, "SIGTERM"));
  process.on("SIGINT", () => (stopAll(), process.exit(130)));
  try {
    for (let i = 0; i < processes; i++) apps.push(await startApp());
    const latencies = new Map<Kind, number[]>(MIX.map(([kind]) => [kind, []]));
    const errors: string[] = [];
    /** Post id → the text the app last acknowledged for it (the reply, or its latest edit). */
    const expected = new Map<number, string>();
    let acknowledgedReplies = 0;
    let acknowledgedEdits = 0;
    let marker = 0;
    const runId = Date.now().toString(36);

    const client = async (index: number, until: number) => {
      const app = apps[index % apps.length]!;
      const email = emails[index % emails.length]!;
      let cookie = await signIn(app, email);
      const mine: { postId: number; path: string }[] = [];
      while (Date.now() < until) {
        const kind = pick();
        const thread = threads[Math.floor(Math.random() * threads.length)]!;
        const started = performance.now();
        let ok = false;
        let detail = "";
        try {
          if (kind === "liste") {
            const r = await fetch(`${app.origin}/`, { headers: { Cookie: cookie } });
            await r.arrayBuffer();
            ok = r.status === 200;
            detail = String(r.status);
          } else if (kind === "fil") {
            const r = await fetch(`${app.origin}${thread}?page=1`, { headers: { Cookie: cookie } });
            await r.arrayBuffer();
            ok = r.status === 200;
            detail = String(r.status);
          } else if (kind === "recherche") {
            const q = SEARCHES[Math.floor(Math.random() * SEARCHES.length)]!;
            const r = await fetch(`${app.origin}/recherche?q=${encodeURIComponent(q)}`, { headers: { Cookie: cookie } });
            await r.arrayBuffer();
            ok = r.status === 200;
            detail = String(r.status);
          } else if (kind === "connexion") {
            cookie = await signIn(app, email);
            ok = true;
          } else if (kind === "réponse") {
            const body = `Réponse d'endurance ${runId}-${index}-${marker++}`;
            const r = await fetch(`${app.origin}${thread}`, {
              method: "POST",
              redirect: "manual",
              headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.origin, Cookie: cookie },
              body: new URLSearchParams({ intent: "reply", body }),
            });
            await r.arrayBuffer();
            const location = r.headers.get("location") ?? "";
            const postId = Number(/#message-(\d+)/.exec(location)?.[1]);
            ok = (r.status === 302 || r.status === 303) && postId > 0;
            detail = `${r.status} ${location.slice(0, 60)}`;
            if (ok) {
              acknowledgedReplies++;
              expected.set(postId, body);
              mine.push({ postId, path: location.split("?")[0]! });
            }
          } else {
            const target = mine[Math.floor(Math.random() * mine.length)];
            if (!target) continue;
            const editPath = `${target.path}/messages/${target.postId}/modifier`;
            const page = await fetch(`${app.origin}${editPath}`, { headers: { Cookie: cookie } });
            const html = await page.text();
            const version = /name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"/.exec(html);
            const body = `Réponse d'endurance modifiée ${runId}-${index}-${marker++}`;
            const r = await fetch(`${app.origin}${editPath}`, {
              method: "POST",
              redirect: "manual",
              headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.origin, Cookie: cookie },
              body: new URLSearchParams({ body, version: version?.[1] ?? version?.[2] ?? "" }),
            });
            await r.arrayBuffer();
            ok = r.status === 302 || r.status === 303;
            detail = `${page.status}/${r.status}`;
            if (ok) {
              acknowledgedEdits++;
              expected.set(target.postId, body);
            }
          }
        } catch (error) {
          detail = (error as Error).message;
        }
        latencies.get(kind)!.push(performance.now() - started);
        if (!ok) errors.push(`${kind}: ${detail}`);
      }
    };

    // A warm-up (a tenth of the run, at most one minute; not measured), then the soak itself.
    const warmupSeconds = Math.round(Math.min(60_000, minutes * 60_000 * 0.1) / 1000);
    const warmUntil = Date.now() + warmupSeconds * 1000;
    await Promise.all(Array.from({ length: connections }, (_, i) => client(i, warmUntil)));
    for (const values of latencies.values()) values.length = 0;
    const rssStart = apps.map(groupRss);
    const started = Date.now();
    const load = loadavg()[0]!;
    // Memory over time, not only at both ends: one sample per process every minute (or tenth of the run).
    const samples: { minute: number; mb: number[]; load: number }[] = [{ minute: 0, mb: rssStart.map((r) => r.server), load }];
    const sampler = setInterval(() => {
      samples.push({ minute: Math.round((Date.now() - started) / 6_000) / 10, mb: apps.map((app) => groupRss(app).server), load: loadavg()[0]! });
    }, Math.min(60_000, minutes * 6_000));
    // The V8 heap in use, every 5 s, from each process' /metrics (loopback: no token needed).
    const heap: { at: number; mb: number[] }[] = [];
    const heapSampler = setInterval(() => {
      void Promise.all(apps.map(heapUsedMb)).then((mb) => heap.push({ at: Date.now() - started, mb }));
    }, 5_000);
    await Promise.all(Array.from({ length: connections }, (_, i) => client(i, started + minutes * 60_000)));
    clearInterval(sampler);
    clearInterval(heapSampler);
    const rssEnd = apps.map(groupRss);
    samples.push({ minute: Math.round((Date.now() - started) / 6_000) / 10, mb: rssEnd.map((r) => r.server), load: loadavg()[0]! });

    // Every acknowledged reply and edit is stored, with its last acknowledged text.
    const ids = [...expected.keys()];
    const stored = new Map<number, string>();
    for (let i = 0; i < ids.length; i += 5_000) {
      const rows = await handle.db.selectFrom("post").select(["id", "body_markdown"]).where("id", "in", ids.slice(i, i + 5_000)).execute();
      for (const row of rows) stored.set(row.id, row.body_markdown);
    }
    const missing = ids.filter((id) => stored.get(id) !== expected.get(id));

    const rows = MIX.map(([kind]) => {
      const values = latencies.get(kind)!.sort((a, b) => a - b);
      return { kind, count: values.length, p50: percentile(values, 50), p99: percentile(values, 99) };
    });
    const memory = apps.map((app, i) => ({
      port: app.port,
      startMb: rssStart[i]!.server,
      endMb: rssEnd[i]!.server,
      changePercent: Math.round(((rssEnd[i]!.server - rssStart[i]!.server) / rssStart[i]!.server) * 1000) / 10,
      ...heapFloors(heap, i, minutes * 60_000),
    }));
    const report = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, loadAverageAtStart: load, loadAverageAtEnd: loadavg()[0]! },
      database: maskUrl(databaseUrl),
      minutes,
      warmupSeconds,
      connections,
      processes,
      requests: rows.reduce((sum, row) => sum + row.count, 0),
      errors: errors.length,
      errorSamples: [...new Set(errors)].slice(0, 10),
      kinds: rows,
      memory,
      memorySamples: samples,
      heapSamples: heap,
      acknowledgedReplies,
      acknowledgedEdits,
      missingOrStale: missing.length,
    };
    console.log(`\nSoak : ${minutes} min, ${connections} clients, ${processes} processus, ${report.requests} requêtes`);
    console.log("| type | n | p50 ms | p99 ms |\n|---|---:|---:|---:|");
    for (const row of rows) console.log(`| ${row.kind} | ${row.count} | ${row.p50?.toFixed(1) ?? "–"} | ${row.p99?.toFixed(1) ?? "–"} |`);
    for (const m of memory) {
      console.log(
        `processus :${m.port} — RSS ${m.startMb} Mo au début (après l'échauffement de ${warmupSeconds} s), ${m.endMb} Mo à la fin (${m.changePercent} %) ; ` +
          `tas V8 utilisé, plancher par tiers : ${m.heapFloorsMb.join(" → ")} Mo (${m.heapFloorGrowthPercent} %)`,
      );
    }
    console.log(`RSS (Mo) par minute : ${samples.map((s) => `${s.minute} min ${s.mb.join("/")} (charge ${s.load.toFixed(1)})`).join(" · ")}`);
    console.log(`erreurs : ${errors.length}; réponses acquittées : ${acknowledgedReplies}, modifications acquittées : ${acknowledgedEdits}; messages absents ou pas à jour : ${missing.length}`);
    for (const sample of report.errorSamples) console.log(`  erreur : ${sample}`);
    if (values.out) {
      mkdirSync(dirname(resolve(values.out)), { recursive: true });
      writeFileSync(resolve(values.out), JSON.stringify(report, null, 2));
    }
    // What the issue asks: RSS at the end within 10 % of RSS at the start, for every process.
    const memoryFlat = memory.every((m) => Math.abs(m.changePercent) <= 10);
    const pass = errors.length === 0 && missing.length === 0 && memoryFlat;
    console.log(pass ? "OK" : `ÉCHEC${memoryFlat ? "" : " (RSS de fin pas à 10 % de celle du début)"}`);
    process.exitCode = pass ? 0 : 1;
  } finally {
    stopAll();
    await handle.close();
  }
}

await main();
