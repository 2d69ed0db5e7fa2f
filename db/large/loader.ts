import { randomBytes } from "node:crypto";

import type { Kysely } from "kysely";
import type pg from "pg";

import { hashPassword } from "../../app/auth/password.server";
import type { Database, ThreadKind } from "../schema";
import { planCorpus } from "./plan";
import { BatchWriter, ms } from "./batch-writer";
import { Progress } from "./progress";
import { createRng, mixSeed, shuffle } from "./random";
import {
  buildCollectivites,
  buildMembers,
  buildPostBody,
  buildReadMarks,
  buildThread,
  type ThreadContext,
} from "./rows";
import { ZipfSampler } from "./zipf";

/**
 * Writes the corpus with multi-row `insert … select from unnest($1::int[], …)` statements of a few
 * thousand rows, several in flight at once. Ids are given explicitly (`overriding system value`),
 * following the largest existing id, so that every reference is known before the row is written;
 * the identity sequences are moved past them at the end. Run it while no app writes to the database.
 */

export interface LoadOptions {
  threads: number;
  posts: number;
  members: number;
  seed: number;
  /** End of the ten-year period (ms). */
  now: number;
  batchSize: number;
  concurrency: number;
  log: (line: string) => void;
}

export interface StepReport {
  step: string;
  rows: number;
  seconds: number;
  rate: number;
}

async function nextId(pool: pg.Pool, table: string): Promise<number> {
  const { rows } = await pool.query<{ next: number }>(`select coalesce(max(id), 0) + 1 as next from ${table}`);
  return Number(rows[0]!.next);
}

async function moveIdentity(pool: pg.Pool, table: string): Promise<void> {
  await pool.query(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
}

export async function loadCorpus(db: Kysely<Database>, pool: pg.Pool, options: LoadOptions): Promise<StepReport[]> {
  const { seed, now, log } = options;
  const reports: StepReport[] = [];
  const writerOptions = (progress: Progress) => ({ batchSize: options.batchSize, concurrency: options.concurrency, progress });
  const step = async (label: string, total: number, run: (progress: Progress) => Promise<void>) => {
    const progress = new Progress(label, total);
    await run(progress);
    const { seconds, rate } = progress.finish();
    reports.push({ step: label, rows: total, seconds, rate });
  };
  const rng = createRng(mixSeed(seed, 0x4d454d42));

  // Collectivités: the régions and some départements, marked as generated.
  const existingSlugs = new Set((await db.selectFrom("collectivite").select("slug").execute()).map((c) => c.slug));
  const newCollectivites = buildCollectivites(existingSlugs);
  if (newCollectivites.length > 0) await db.insertInto("collectivite").values(newCollectivites).execute();
  const collectivites = shuffle(rng, await db.selectFrom("collectivite").select(["id", "slug"]).orderBy("id").execute());
  const topics = shuffle(rng, await db.selectFrom("topic").select(["id", "slug"]).orderBy("id").execute());
  if (topics.length === 0) throw new Error("aucune thématique : lancez d'abord npm run db:seed");
  log(`${newCollectivites.length} collectivité(s) générée(s) ajoutée(s) ; ${collectivites.length} collectivités, ${topics.length} thématiques en tout.`);

  // Members: one password hash for all, of a random password nobody knows.
  const takenHandles = new Set((await db.selectFrom("app_user").select("handle").execute()).map((u) => u.handle));
  const { members, authors } = buildMembers(rng, options.members, collectivites.length, takenHandles);
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
  const firstUser = await nextId(pool, "app_user");
  const start = now - 10 * 365.25 * 24 * 3_600_000;
  await step("membres", members.length, async (progress) => {
    const writer = new BatchWriter(
      pool,
      "app_user",
      [
        { name: "id", type: "int4" },
        { name: "email", type: "text" },
        { name: "display_name", type: "text" },
        { name: "handle", type: "text" },
        { name: "password_hash", type: "text" },
        { name: "role", type: "text" },
        { name: "collectivite_id", type: "int4" },
        ms("created_at"),
        ms("updated_at"),
      ],
      writerOptions(progress),
    );
    for (const [i, m] of members.entries()) {
      const created = start - (i + 1) * 3_600_000;
      const collectiviteId = m.collectivite === null ? null : collectivites[m.collectivite]!.id;
      await writer.add([firstUser + i, m.email, m.displayName, m.handle, passwordHash, m.role, collectiviteId, created, created]);
    }
    await writer.close();
  });
  await moveIdentity(pool, "app_user");

  log("Plan du corpus (fils, dates, auteurs)…");
  const planStarted = performance.now();
  const plan = planCorpus({ threads: options.threads, posts: options.posts, authors, seed, now });
  log(`Plan prêt en ${((performance.now() - planStarted) / 1000).toFixed(1)} s.`);

  const firstThread = await nextId(pool, "thread");
  const firstPost = await nextId(pool, "post");
  const ctx: ThreadContext = {
    seed,
    collectiviteSampler: new ZipfSampler(collectivites.length, 0.9),
    topicSampler: new ZipfSampler(topics.length, 0.6),
    governanceTopic: topics.findIndex((t) => t.slug === "gouvernance") >= 0 ? topics.findIndex((t) => t.slug === "gouvernance") : null,
  };
  const kinds: ThreadKind[] = new Array<ThreadKind>(plan.threadCount);
  const lastPostId = (t: number) => firstPost + plan.rankOf[plan.firstPost[t + 1]! - 1]!;
  const threadOfPost = new Int32Array(plan.postCount);
  for (let t = 0; t < plan.threadCount; t++) threadOfPost.fill(t, plan.firstPost[t]!, plan.firstPost[t + 1]!);

  await step("fils", plan.threadCount, async (progress) => {
    const opts = writerOptions(progress);
    // One thread batch at a time: a trigger on thread rows (the search migration counts title
    // words in a shared table) could deadlock two multi-row inserts that lock words in different orders.
    const threads = new BatchWriter(
      pool,
      "thread",
      [
        { name: "id", type: "int4" },
        { name: "slug", type: "text" },
        { name: "title", type: "text" },
        { name: "kind", type: "text" },
        { name: "visibility", type: "text" },
        { name: "author_id", type: "int4" },
        ms("created_at"),
        ms("last_activity_at"),
        { name: "reply_count", type: "int4" },
        { name: "locked_at", type: "float8", expr: "case when v.locked_at is null then null else to_timestamp(v.locked_at / 1000.0) end" },
        { name: "report_collectivite_id", type: "int4" },
        { name: "report_establishments", type: "int4" },
        { name: "report_period_start", type: "text" },
        { name: "report_period_end", type: "text" },
      ],
      { ...opts, concurrency: 1 },
    );
    // Tags are written once every thread is: a tag batch may not wait for its threads' batch.
    const tagRows: { collectivite: number[][]; topic: number[][] } = { collectivite: [], topic: [] };
    for (let t = 0; t < plan.threadCount; t++) {
      const from = plan.firstPost[t]!;
      const count = plan.firstPost[t + 1]! - from;
      const opener = plan.postAuthor[from]!;
      const row = buildThread(ctx, t, plan.threadCreated[t]!, members[opener]!.collectivite);
      kinds[t] = row.kind;
      const id = firstThread + t;
      const lastActivity = plan.postTime[from + count - 1]!;
      await threads.add([
        id,
        row.slug,
        row.title,
        row.kind,
        row.visibility,
        firstUser + opener,
        plan.threadCreated[t]!,
        lastActivity,
        count - 1,
        row.locked ? Math.min(now, lastActivity + 86_400_000) : null,
        row.report ? collectivites[row.report.collectivite]!.id : null,
        row.report?.establishments ?? null,
        row.report?.periodStart ?? null,
        row.report?.periodEnd ?? null,
      ]);
      for (const c of row.collectivites) tagRows.collectivite.push([id, collectivites[c]!.id]);
      for (const c of row.topics) tagRows.topic.push([id, topics[c]!.id]);
    }
    await threads.close();
    const tagOpts = { ...opts, progress: undefined, overriding: false };
    const threadCollectivites = new BatchWriter(pool, "thread_collectivite", [{ name: "thread_id", type: "int4" }, { name: "collectivite_id", type: "int4" }], tagOpts);
    for (const row of tagRows.collectivite) await threadCollectivites.add(row);
    await threadCollectivites.close();
    const threadTopics = new BatchWriter(pool, "thread_topic", [{ name: "thread_id", type: "int4" }, { name: "topic_id", type: "int4" }], tagOpts);
    for (const row of tagRows.topic) await threadTopics.add(row);
    await threadTopics.close();
  });
  await moveIdentity(pool, "thread");

  await step("messages", plan.postCount, async (progress) => {
    const posts = new BatchWriter(
      pool,
      "post",
      [
        { name: "id", type: "int4" },
        { name: "thread_id", type: "int4" },
        { name: "position", type: "int4" },
        { name: "author_id", type: "int4" },
        { name: "body_markdown", type: "text" },
        { name: "body_html", type: "text" },
        ms("created_at"),
        { name: "deleted_at", type: "float8", expr: "case when v.deleted_at is null then null else to_timestamp(v.deleted_at / 1000.0) end" },
      ],
      writerOptions(progress),
    );
    for (let rank = 0; rank < plan.postCount; rank++) {
      const p = plan.byTime[rank]!;
      const t = threadOfPost[p]!;
      const position = p - plan.firstPost[t]! + 1;
      const author = plan.postAuthor[p]!;
      const body = buildPostBody(seed, p, position, kinds[t]!, members[author]!.displayName);
      const created = plan.postTime[p]!;
      await posts.add([
        firstPost + rank,
        firstThread + t,
        position,
        firstUser + author,
        body.markdown,
        body.html,
        created,
        body.deleted ? Math.min(now, created + 86_400_000) : null,
      ]);
    }
    await posts.close();
  });
  await moveIdentity(pool, "post");

  await step("derniers messages des fils", plan.threadCount, async (progress) => {
    const size = Math.max(options.batchSize, 5_000);
    for (let from = 0; from < plan.threadCount; from += size) {
      const ids: number[] = [];
      const last: number[] = [];
      for (let t = from; t < Math.min(plan.threadCount, from + size); t++) {
        ids.push(firstThread + t);
        last.push(lastPostId(t));
      }
      await pool.query(
        "update thread set last_post_id = v.last_post_id from unnest($1::int4[], $2::int4[]) as v(id, last_post_id) where thread.id = v.id",
        [ids, last],
      );
      progress.add(ids.length);
    }
  });

  let readRows = 0;
  await step("marques de lecture (fils traités)", plan.threadCount, async (progress) => {
    const writer = new BatchWriter(
      pool,
      "thread_read",
      [{ name: "user_id", type: "int4" }, { name: "thread_id", type: "int4" }, { name: "last_read_position", type: "int4" }, ms("updated_at")],
      { batchSize: options.batchSize, concurrency: options.concurrency, overriding: false },
    );
    for (let t = 0; t < plan.threadCount; t++) {
      for (const mark of buildReadMarks(plan, t, seed, members.length)) {
        await writer.add([firstUser + mark.member, firstThread + t, mark.position, mark.at]);
        readRows++;
      }
      if (t % 1000 === 999) progress.add(1000);
    }
    progress.add(plan.threadCount % 1000);
    await writer.close();
  });
  log(`${readRows.toLocaleString("fr-FR")} marques de lecture écrites.`);

  return reports;
}
