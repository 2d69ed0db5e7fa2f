import { parseArgs } from "node:util";

import { sql } from "kysely";

import { formatDuration } from "../large/progress";
import { loadCorpus } from "../large/loader";
import { contentBeyondDemo, describeContent, userTriggers } from "../large/safety";
import { migrateToLatest } from "../migrate";
import { seedDemo } from "../seed";
import { runWithDatabase } from "./run";

/**
 * `npm run db:seed:large -- --threads 100000 --posts 1000000 [--members 300] [--seed 1]
 *  [--until 2026-11-28] [--batch-size 2000] [--concurrency 2] [--force]`
 *
 * Fills the configured database (DATABASE_URL, else the embedded DATA_DIR) with a generated French
 * corpus for load tests: see docs/performance.md. Refuses a database holding more than the demo
 * content unless --force. Deterministic for a given --seed and --until.
 */
const usage =
  "Usage : npm run db:seed:large -- --threads 100000 --posts 1000000 [--members 300] [--seed 1] [--until AAAA-MM-JJ] [--batch-size 2000] [--concurrency 2] [--force]";

const { values } = parseArgs({
  options: {
    threads: { type: "string", default: "100000" },
    posts: { type: "string", default: "1000000" },
    members: { type: "string", default: "300" },
    seed: { type: "string", default: "1" },
    until: { type: "string" },
    "batch-size": { type: "string", default: "2000" },
    concurrency: { type: "string", default: "2" },
    force: { type: "boolean", default: false },
  },
  strict: true,
});

function positiveInteger(name: string, value: string | undefined, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} : entier ≥ ${min} attendu (reçu « ${value} »). ${usage}`);
  return n;
}

function endOfPeriod(until: string | undefined): number {
  if (until === undefined) {
    // Today at 00:00 UTC: the same seed gives the same corpus all day.
    const today = new Date();
    return Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  }
  const time = /^\d{4}-\d{2}-\d{2}$/.test(until) ? Date.parse(`${until}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(time)) throw new Error(`--until : date AAAA-MM-JJ attendue (reçu « ${until} »).`);
  return time;
}

await runWithDatabase(async (handle) => {
  const threads = positiveInteger("threads", values.threads);
  const posts = positiveInteger("posts", values.posts, threads);
  const members = positiveInteger("members", values.members, 10);
  const seed = positiveInteger("seed", values.seed, 0);
  const batchSize = positiveInteger("batch-size", values["batch-size"], 1);
  const concurrency = positiveInteger("concurrency", values.concurrency, 1);
  const now = endOfPeriod(values.until);
  const { db, pool } = handle;

  console.log(`Cible : ${handle.label}`);
  await migrateToLatest(db);
  const existing = describeContent(await contentBeyondDemo(db));
  if (existing && !values.force) {
    throw new Error(
      `Refusé : la base ${handle.label} contient déjà plus que la démonstration (${existing}). ` +
        "Ce générateur est fait pour une base jetable ; relancez avec --force si c'est bien le cas.",
    );
  }
  if (existing) console.log(`--force : la base contient déjà ${existing} ; le corpus s'y ajoute.`);
  await seedDemo(db);

  const triggers = await userTriggers(db);
  if (triggers.length > 0) {
    console.log(`Déclencheurs actifs pendant le chargement (exécutés pour chaque ligne) : ${triggers.join(", ")}`);
  }

  console.log(
    `Génération : ${threads.toLocaleString("fr-FR")} fils, ${posts.toLocaleString("fr-FR")} messages, ${members} membres, ` +
      `graine ${seed}, jusqu'au ${new Date(now).toISOString().slice(0, 10)} (lots de ${batchSize}, ${concurrency} en parallèle)`,
  );
  const started = performance.now();
  const steps = await loadCorpus(db, pool, { threads, posts, members, seed, now, batchSize, concurrency, log: (line) => console.log(line) });

  const analyzeStarted = performance.now();
  // The load leaves dead row versions (tags and last posts are written after their threads): vacuum too,
  // so that the first benchmark does not measure a table autovacuum has not reached yet.
  await sql`vacuum (analyze)`.execute(db);
  const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;

  const total = (performance.now() - started) / 1000;
  console.log(`\n${"Étape".padEnd(32)} ${"lignes".padStart(10)} ${"durée".padStart(12)} ${"lignes/s".padStart(12)}`);
  for (const s of steps) {
    console.log(
      `${s.step.padEnd(32)} ${s.rows.toLocaleString("fr-FR").padStart(10)} ${formatDuration(s.seconds).padStart(12)} ${Math.round(s.rate).toLocaleString("fr-FR").padStart(12)}`,
    );
  }
  console.log(`${"vacuum (analyze)".padEnd(32)} ${"".padStart(10)} ${formatDuration(analyzeSeconds).padStart(12)}`);
  console.log(`Terminé en ${formatDuration(total)} sur ${handle.label}.`);
});
