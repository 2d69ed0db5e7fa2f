import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";

import autocannon, { type Result } from "autocannon";
import { sql } from "kysely";

import { createUser, findUserByEmail, setPassword } from "../../app/auth/users.server";
import { maskUrl, openDatabase } from "../../db/client";
import { SERVER_NODE_FLAGS } from "../../server/node-flags";
import { freePort, startServer, stopServer, waitForHealth } from "./app-server";
import { formatComparison, runComparison, type ComparedPage, type Comparison } from "./compare";
import { procMemory, resetPeak, sampleRss } from "./memory";
import { percentile, formatTable, type TargetResult } from "./report";

/**
 * `npm run bench -- --database-url postgres://… [--duration 10] [--connections 10] [--warmup 2]
 *  [--out bench-results/….json]`
 *
 * Measures the built app (run `npm run build` first: this builds nothing) against a database,
 * usually one filled by `npm run db:seed:large`. Starts `node build/server/index.js` on a free port,
 * signs in as a bench member (created in the target database if missing), then runs autocannon
 * against each page in turn: latency percentiles, throughput, non-2xx answers. Prints a table,
 * writes JSON, and stops the server whatever happens. With `--compare`, it then measures the home,
 * thread and collectivité pages as a visitor, then as the signed-in bench member, against the
 * same-SQL reference server (compare.ts).
 */

const usage =
  "Usage : npm run bench -- --database-url postgres://… [--duration 10] [--connections 10] [--warmup 2] [--out bench-results/x.json] [--only accueil,fil,…] [--compare] [--node-options=--flag | --node-options=]";

const { values } = parseArgs({
  options: {
    "database-url": { type: "string" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    out: { type: "string" },
    only: { type: "string" },
    compare: { type: "boolean", default: false },
    "node-options": { type: "string" },
  },
  strict: true,
});

const BENCH_EMAIL = "banc-essai@charge.openent.test";
const BENCH_PASSWORD = "Banc-d-essai-OpenENT-2026";

/** 1-, 2- and 3-word queries, from the most common words of the corpus to rarer ones. */
const SEARCH_QUERIES = [
  "ENT",
  "collège",
  "visioconférence",
  "déploiement messagerie",
  "marché public",
  "formation des enseignants",
  "cahier de textes numérique",
  "audit accessibilité RGAA",
];

const LIST_TARGET_MS = 50;
const SEARCH_TARGET_MS = 150;

interface Target {
  key: string;
  label: string;
  path: string;
  targetP95: number;
  search?: boolean;
}

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} : nombre > 0 attendu (reçu « ${value} »). ${usage}`);
  return n;
}


/** Prepares the target database: the bench member, and the pages worth measuring. */
async function prepare(databaseUrl: string) {
  const handle = await openDatabase({ kind: "server", url: databaseUrl });
  try {
    const { db } = handle;
    const member = await findUserByEmail(db, BENCH_EMAIL);
    if (member) {
      await setPassword(db, member.id, BENCH_PASSWORD);
    } else {
      const collectivite = await db.selectFrom("collectivite").select("id").orderBy("id").executeTakeFirst();
      if (!collectivite) throw new Error("La base ne contient aucune collectivité : lancez d'abord npm run db:seed:large.");
      await createUser(db, { email: BENCH_EMAIL, displayName: "Banc d'essai", password: BENCH_PASSWORD, role: "delegate", collectiviteId: collectivite.id });
    }
    const longThread = await db
      .selectFrom("thread")
      .select(["id", "slug", "reply_count"])
      .where("reply_count", ">=", 49)
      .orderBy("reply_count", "desc")
      .orderBy("id")
      .executeTakeFirst();
    if (!longThread) throw new Error("Aucun fil d'au moins 50 messages : lancez d'abord npm run db:seed:large.");
    // What a visitor may read, for --compare: the longest public thread.
    const publicThread = await db
      .selectFrom("thread")
      .select(["id", "slug", "reply_count"])
      .where("visibility", "=", "public")
      .where("deleted_at", "is", null)
      .orderBy("reply_count", "desc")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    // For the members' comparison: a thread of 20 posts, as most are (page 1 shows all of them).
    const shortThread = await db
      .selectFrom("thread")
      .select(["id", "slug", "reply_count"])
      .where("reply_count", "=", 19)
      .where("deleted_at", "is", null)
      .orderBy("id")
      .executeTakeFirst();
    if (!shortThread) throw new Error("Aucun fil de 20 messages : lancez d'abord npm run db:seed:large.");
    const byUse = db
      .selectFrom("thread_collectivite")
      .innerJoin("collectivite", "collectivite.id", "thread_collectivite.collectivite_id")
      .select(["collectivite.slug", (eb) => eb.fn.countAll<number>().as("threads")])
      .groupBy("collectivite.slug");
    const [busiest, quietest] = await Promise.all([
      byUse.orderBy("threads", "desc").orderBy("collectivite.slug").executeTakeFirst(),
      byUse.orderBy("threads", "asc").orderBy("collectivite.slug").executeTakeFirst(),
    ]);
    if (!busiest || !quietest) throw new Error("Aucun fil rattaché à une collectivité : lancez d'abord npm run db:seed:large.");
    const { rows } = await sql<{ version: string; threads: number; posts: number; members: number; size: string }>`
      select current_setting('server_version') as version,
        (select count(*) from thread) as threads,
        (select count(*) from post) as posts,
        (select count(*) from app_user) as members,
        pg_size_pretty(pg_database_size(current_database())) as size
    `.execute(db);
    return { longThread, publicThread, shortThread, busiest, quietest, database: { label: handle.label, ...rows[0]! } };
  } finally {
    await handle.close();
  }
}

async function signIn(origin: string): Promise<string> {
  const response = await fetch(`${origin}/connexion`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: BENCH_EMAIL, password: BENCH_PASSWORD, retour: "/" }),
  });
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (response.status >= 400 || !cookie) throw new Error(`Connexion du membre de test refusée (HTTP ${response.status}).`);
  return cookie;
}

function run(url: string, options: { connections: number; duration: number; headers: Record<string, string> }) {
  const latencies: number[] = [];
  return new Promise<{ result: Result; latencies: number[] }>((resolveRun, reject) => {
    const instance = autocannon({ url, connections: options.connections, duration: options.duration, headers: options.headers, timeout: 30 }, (error, result) =>
      error ? reject(error) : resolveRun({ result, latencies }),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

async function main(): Promise<void> {
  const databaseUrl = values["database-url"] ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error(`--database-url manquant. ${usage}`);
  const duration = positive("duration", values.duration);
  const connections = Math.round(positive("connections", values.connections));
  const warmup = Number(values.warmup);
  if (!existsSync(resolve("build/index.js"))) throw new Error("Pas de build : lancez d'abord npm run build (ce banc ne construit rien).");
  const out = resolve(values.out ?? `bench-results/bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);

  console.log(`Base : ${maskUrl(databaseUrl)}`);
  const prepared = await prepare(databaseUrl);
  const { database } = prepared;
  console.log(
    `${database.threads.toLocaleString("fr-FR")} fils, ${database.posts.toLocaleString("fr-FR")} messages, ` +
      `${database.members} membres (${database.size}), PostgreSQL ${database.version}`,
  );

  const targets: Target[] = [
    { key: "accueil", label: "Accueil : liste des fils", path: "/", targetP95: LIST_TARGET_MS },
    {
      key: "fil",
      label: `Fil de 50 messages (n° ${prepared.longThread.id}, ${prepared.longThread.reply_count + 1} messages)`,
      path: `/fils/${prepared.longThread.id}-${prepared.longThread.slug}?page=1`,
      targetP95: LIST_TARGET_MS,
    },
    {
      key: "collectivite",
      label: `Collectivité la plus citée (${prepared.busiest.slug}, ${prepared.busiest.threads} fils)`,
      path: `/collectivites/${prepared.busiest.slug}`,
      targetP95: LIST_TARGET_MS,
    },
    {
      key: "collectivite-rare",
      label: `Collectivité la moins citée (${prepared.quietest.slug}, ${prepared.quietest.threads} fils)`,
      path: `/collectivites/${prepared.quietest.slug}`,
      targetP95: LIST_TARGET_MS,
    },
    ...SEARCH_QUERIES.map((q, i) => ({
      key: `recherche-${i + 1}`,
      label: `Recherche « ${q} »`,
      path: `/recherche?q=${encodeURIComponent(q)}`,
      targetP95: SEARCH_TARGET_MS,
      search: true,
    })),
  ];
  const only = values.only?.split(",").map((s) => s.trim());
  const selected = only ? targets.filter((t) => only.some((o) => t.key === o || t.key.startsWith(`${o}-`))) : targets;

  // The machine is measured as a whole: anything else running skews every figure.
  const loadBefore = loadavg()[0]!;
  if (loadBefore > 0.5) console.log(`Attention : charge moyenne ${loadBefore.toFixed(2)} avant le banc ; d'autres processus faussent les mesures.`);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = startServer(port, databaseUrl, origin, values["node-options"]);
  const interrupt = () => {
    void stopServer(server).finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  const results: TargetResult[] = [];
  let comparison: Comparison[] | undefined;
  let memorySummary: { idleRssMb: number | null; peakRssMb: number } | undefined;
  const measure = async (url: string, headers: Record<string, string>) => {
    if (warmup > 0) await run(url, { connections, duration: warmup, headers });
    const { result, latencies } = await run(url, { connections, duration, headers });
    latencies.sort((a, b) => a - b);
    return { requestsPerSecond: result.requests.total / result.duration, p50: percentile(latencies, 50), non2xx: result.non2xx };
  };
  try {
    await waitForHealth(origin, server);
    const cookie = await signIn(origin);
    console.log(`Serveur prêt sur ${origin}, membre de test connecté. ${duration} s par page, ${connections} connexions.\n`);
    const headers = { cookie };
    const pid = server.child.pid!;
    const idleRssMb = procMemory(pid)?.rssMb ?? null;
    for (const target of selected) {
      const url = `${origin}${target.path}`;
      const probe = await fetch(url, { headers, redirect: "manual" });
      await probe.arrayBuffer();
      if (target.search && probe.status === 404) {
        results.push({ ...describe(target), available: false, probeStatus: 404 });
        console.log(`${target.label} : pas disponible (HTTP 404)`);
        continue;
      }
      // The peak resident memory of the server while this page is under load (VmHWM, reset before it).
      const perPagePeak = resetPeak(pid);
      const rss = sampleRss(pid);
      if (warmup > 0) await run(url, { connections, duration: warmup, headers });
      const { result, latencies } = await run(url, { connections, duration, headers });
      const memory = rss.stop();
      latencies.sort((a, b) => a - b);
      const entry: TargetResult = {
        ...describe(target),
        available: true,
        probeStatus: probe.status,
        requests: result.requests.total,
        requestsPerSecond: result.requests.total / result.duration,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? null,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        peakRssMb: perPagePeak ? memory.peakMb : memory.maxRssMb,
      };
      results.push(entry);
      console.log(
        `${target.label} : p95 ${entry.p95?.toFixed(1)} ms, ${entry.requestsPerSecond?.toFixed(0)} req/s, RSS max ${entry.peakRssMb} Mo` +
          (entry.non2xx ? `, ${entry.non2xx} réponses non-2xx (sonde : HTTP ${probe.status})` : ""),
      );
    }
    if (values.compare) comparison = await runComparison(comparedPages(targets, prepared), { databaseUrl, appOrigin: origin, referencePort: await freePort(), cookie }, measure);
    memorySummary = { idleRssMb, peakRssMb: Math.max(...results.map((r) => r.peakRssMb ?? 0), procMemory(pid)?.peakMb ?? 0) };
  } finally {
    await stopServer(server);
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
  }

  console.log(`\n${formatTable(results)}`);
  if (memorySummary) console.log(`\nMémoire du serveur : RSS ${memorySummary.idleRssMb} Mo au repos, pic ${memorySummary.peakRssMb} Mo sous charge (VmHWM).`);
  if (comparison) console.log(`\n${formatComparison(comparison)}`);
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadavg()[0]!,
    },
    database,
    options: { duration, connections, warmup, nodeOptions: values["node-options"] ?? SERVER_NODE_FLAGS.join(" ") },
    memory: memorySummary ?? null,
    results,
    ...(comparison ? { comparison } : {}),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nRésultats écrits dans ${out}`);
}

/** What --compare measures: the visitor's pages, then the member's (home, a 20-post thread, the 50-post page, the busiest collectivité). */
function comparedPages(targets: Target[], prepared: Awaited<ReturnType<typeof prepare>>): ComparedPage[] {
  const { publicThread, shortThread } = prepared;
  const target = (key: string) => targets.find((t) => t.key === key)!;
  const page = (t: Pick<Target, "key" | "label" | "path">, audience: ComparedPage["audience"]): ComparedPage => ({ key: t.key, label: t.label, path: t.path, audience });
  const publicPage = { key: "fil-public", label: `Fil public (n° ${publicThread.id}, ${publicThread.reply_count + 1} messages), page 1`, path: `/fils/${publicThread.id}-${publicThread.slug}?page=1` };
  const shortPage = { key: "fil-20", label: `Fil de 20 messages (n° ${shortThread.id}), page 1`, path: `/fils/${shortThread.id}-${shortThread.slug}?page=1` };
  return [
    page(target("accueil"), "visitor"),
    page(publicPage, "visitor"),
    page(target("collectivite"), "visitor"),
    page(target("accueil"), "member"),
    page(shortPage, "member"),
    page(target("fil"), "member"),
    page(target("collectivite"), "member"),
  ];
}

function describe(target: Target) {
  return { key: target.key, label: target.label, path: target.path, targetP95: target.targetP95 };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
