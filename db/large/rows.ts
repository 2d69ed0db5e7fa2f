import { handleFromName } from "../../app/auth/users.server";
import { slugify } from "../../app/forum/slug";
import type { CollectiviteKind, Role, ThreadKind, ThreadVisibility } from "../schema";
import { toHtml, toMarkdown } from "./document";
import type { CorpusPlan } from "./plan";
import { chance, createRng, mixSeed, pick, randInt, type Rng } from "./random";
import { openingPost, replyPost, threadTitle } from "./text";
import { departements, firstNames, lastNames, regions } from "./names";
import { ZipfSampler } from "./zipf";

/**
 * Row builders: turn the plan and the vocabulary into the rows of each table. Each thread and each
 * post draws from its own seeded generator, so a row never depends on how the load was batched.
 */

/** Generated collectivités carry this slug prefix, and say in their description that they are not real. */
export const GENERATED_SLUG_PREFIX = "gen-";
export const GENERATED_DESCRIPTION = "Fiche générée pour les tests de charge : elle ne décrit aucune collectivité réelle.";
/** Generated members' addresses: a reserved top-level domain, never delivered. */
export const GENERATED_EMAIL_DOMAIN = "charge.openent.test";

export interface GeneratedCollectivite {
  slug: string;
  name: string;
  kind: CollectiviteKind;
  description: string;
}

/** The French régions and some départements, minus those whose slug already exists. */
export function buildCollectivites(existingSlugs: ReadonlySet<string>): GeneratedCollectivite[] {
  const all = [
    ...regions.map((name) => ({ name, kind: "region" as const })),
    ...departements.map((name) => ({ name, kind: "departement" as const })),
  ];
  return all
    .map(({ name, kind }) => ({ slug: `${GENERATED_SLUG_PREFIX}${slugify(name)}`, name, kind, description: GENERATED_DESCRIPTION }))
    .filter((c) => !existingSlugs.has(c.slug));
}

/**
 * Handles as the app makes them ("Léa Martin" → "lea-martin", then "lea-martin-2"…), unique
 * among themselves and against those already taken.
 */
export function assignHandles(displayNames: readonly string[], taken: ReadonlySet<string>): string[] {
  const used = new Set(taken);
  return displayNames.map((name) => {
    const base = handleFromName(name);
    let handle = base;
    for (let n = 2; used.has(handle); n++) handle = `${base}-${n}`;
    used.add(handle);
    return handle;
  });
}

export interface GeneratedMember {
  email: string;
  displayName: string;
  handle: string;
  role: Role;
  /** Index into the collectivité list, or null. */
  collectivite: number | null;
}

/**
 * Members: those who may write come first (délégués, some modérateurs and administrateurs), then
 * observers, who only read. Délégués and modérateurs belong to a collectivité (popular ones more often).
 */
export function buildMembers(
  rng: Rng,
  count: number,
  collectiviteCount: number,
  takenHandles: ReadonlySet<string>,
): { members: GeneratedMember[]; authors: number } {
  const observers = Math.floor(count * 0.06);
  const authors = count - observers;
  const admins = Math.max(1, Math.round(count * 0.01));
  const moderators = Math.round(count * 0.06);
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push(`${pick(rng, firstNames)} ${pick(rng, lastNames)}`);
  const handles = assignHandles(names, takenHandles);
  const collectiviteSampler = new ZipfSampler(collectiviteCount, 0.7);
  const members = names.map((displayName, i): GeneratedMember => {
    const role: Role = i >= authors ? "observer" : i < admins ? "admin" : i < admins + moderators ? "moderator" : "delegate";
    const hasCollectivite = role === "delegate" || role === "moderator" || (role === "observer" && chance(rng, 0.3));
    return {
      email: `${handles[i]}@${GENERATED_EMAIL_DOMAIN}`,
      displayName,
      handle: handles[i]!,
      role,
      collectivite: hasCollectivite ? collectiviteSampler.sample(rng) : null,
    };
  });
  return { members, authors };
}

export interface ThreadRow {
  title: string;
  slug: string;
  kind: ThreadKind;
  visibility: ThreadVisibility;
  locked: boolean;
  /** Indexes into the collectivité and topic lists. */
  collectivites: number[];
  topics: number[];
  report: { collectivite: number; establishments: number; periodStart: string; periodEnd: string } | null;
}

const kindWeights: [ThreadKind, number][] = [
  ["question", 0.35],
  ["discussion", 0.3],
  ["retour", 0.25],
  ["gouvernance", 0.1],
];

function drawKind(rng: Rng): ThreadKind {
  let u = rng();
  for (const [kind, weight] of kindWeights) {
    u -= weight;
    if (u < 0) return kind;
  }
  return "question";
}

/** 1 (60 %), 2 (30 %) or 3 (10 %). */
function tagCount(rng: Rng): number {
  const u = rng();
  return u < 0.6 ? 1 : u < 0.9 ? 2 : 3;
}

function yearMonth(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

export interface ThreadContext {
  seed: number;
  collectiviteSampler: ZipfSampler;
  topicSampler: ZipfSampler;
  /** Index of the "gouvernance" topic, if any. */
  governanceTopic: number | null;
}

function distinctDraws(rng: Rng, sampler: ZipfSampler, count: number, first: number | null): number[] {
  const chosen = first === null ? [] : [first];
  for (let tries = 0; chosen.length < Math.min(count, sampler.size) && tries < 50; tries++) {
    const i = sampler.sample(rng);
    if (!chosen.includes(i)) chosen.push(i);
  }
  return chosen;
}

export function buildThread(ctx: ThreadContext, index: number, created: number, authorCollectivite: number | null): ThreadRow {
  const rng = createRng(mixSeed(ctx.seed, 0x54485244, index));
  const kind = drawKind(rng);
  const title = threadTitle(rng, kind);
  const collectivites = distinctDraws(rng, ctx.collectiviteSampler, tagCount(rng), authorCollectivite);
  const topics = distinctDraws(rng, ctx.topicSampler, tagCount(rng), kind === "gouvernance" ? ctx.governanceTopic : null);
  let report: ThreadRow["report"] = null;
  if (kind === "retour") {
    const month = 30.44 * 24 * 3_600_000;
    const end = created - randInt(rng, 0, 3) * month;
    const start = end - randInt(rng, 1, 24) * month;
    report = { collectivite: collectivites[0]!, establishments: randInt(rng, 3, 250), periodStart: yearMonth(start), periodEnd: yearMonth(end) };
  }
  return {
    title,
    slug: slugify(title),
    kind,
    visibility: chance(rng, 0.2) ? "public" : "members",
    locked: chance(rng, 0.01),
    collectivites,
    topics,
    report,
  };
}

export interface PostBody {
  markdown: string;
  html: string;
  deleted: boolean;
}

/** The text of a post: the opening post follows its kind's shape, replies are shorter. */
export function buildPostBody(seed: number, postIndex: number, position: number, kind: ThreadKind, authorName: string): PostBody {
  const rng = createRng(mixSeed(seed, 0x504f5354, postIndex));
  const doc = position === 1 ? openingPost(rng, kind) : replyPost(rng, authorName);
  return { markdown: toMarkdown(doc), html: toHtml(doc), deleted: position > 1 && chance(rng, 0.003) };
}

export interface ReadMark {
  member: number;
  thread: number;
  position: number;
  /** When it was read (ms). */
  at: number;
}

/**
 * Read marks, as the app leaves them: every author has read up to their last post in a thread,
 * and a few other members have read part or all of it.
 */
export function buildReadMarks(plan: CorpusPlan, thread: number, seed: number, members: number): ReadMark[] {
  const from = plan.firstPost[thread]!;
  const to = plan.firstPost[thread + 1]!;
  const last = new Map<number, number>();
  for (let p = from; p < to; p++) last.set(plan.postAuthor[p]!, p - from + 1);
  const rng = createRng(mixSeed(seed, 0x52454144, thread));
  const readers = randInt(rng, 0, 3);
  for (let i = 0; i < readers; i++) {
    const member = Math.floor(rng() * members);
    if (last.has(member)) continue;
    last.set(member, chance(rng, 0.6) ? to - from : randInt(rng, 1, to - from));
  }
  return [...last].map(([member, position]) => ({ member, thread, position, at: plan.postTime[from + position - 1]! }));
}
