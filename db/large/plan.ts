import { createRng, exponential, mixSeed, normal, randInt, type Rng } from "./random";
import { ZipfSampler } from "./zipf";

/**
 * The shape of the corpus, decided before any text is written: how many posts each thread has,
 * when each post was written, by whom, and the order of every post in time (which gives its id,
 * so post ids grow with time as they do in a live forum). Pure and deterministic for a seed.
 *
 * Posts are kept in typed arrays in "thread-major" order (thread 0's posts, then thread 1's…);
 * `firstPost[t]` is where thread t's posts start, so post p of thread t has position p - firstPost[t] + 1.
 */
export interface CorpusPlan {
  threadCount: number;
  postCount: number;
  /** Creation time (ms) of each thread, ascending: thread index order is creation order. */
  threadCreated: Float64Array;
  /** Start of each thread's posts in the thread-major arrays; length threadCount + 1. */
  firstPost: Int32Array;
  /** Thread-major: when each post was written (ms), increasing within a thread. */
  postTime: Float64Array;
  /** Thread-major: the author, an index into the members who may post. */
  postAuthor: Int32Array;
  /** Chronological rank → thread-major index. The post's id is its rank plus the first id. */
  byTime: Uint32Array;
  /** Thread-major index → chronological rank. */
  rankOf: Uint32Array;
}

export interface PlanOptions {
  threads: number;
  posts: number;
  /** How many members may write (délégués, modérateurs, administrateurs). */
  authors: number;
  seed: number;
  /** The end of the period (ms): no post is later than this. */
  now: number;
  years?: number;
}

const HOUR = 3_600_000;
const MAX_POSTS_PER_THREAD = 5_000;

/**
 * Posts per thread (at least one each, summing to `posts`), heavy-tailed: most threads get a
 * handful of replies, some none, a few several hundred. Lognormal weights share out the replies.
 */
export function distributePosts(rng: Rng, threads: number, posts: number, sigma = 1.25): Int32Array {
  if (!Number.isInteger(threads) || threads < 1) throw new Error("il faut au moins un fil");
  if (posts < threads) throw new Error(`il faut au moins autant de messages que de fils (${posts} < ${threads})`);
  const counts = new Int32Array(threads).fill(1);
  const replies = posts - threads;
  if (replies === 0) return counts;
  const weights = new Float64Array(threads);
  let total = 0;
  for (let i = 0; i < threads; i++) {
    weights[i] = Math.exp(sigma * normal(rng));
    total += weights[i]!;
  }
  let given = 0;
  for (let i = 0; i < threads; i++) {
    const share = Math.min(MAX_POSTS_PER_THREAD - 1, Math.floor((replies * weights[i]!) / total));
    counts[i]! += share;
    given += share;
  }
  // What rounding (and the cap) left over goes to random threads, one reply at a time.
  for (let left = replies - given; left > 0; ) {
    const i = Math.floor(rng() * threads);
    if (counts[i]! >= MAX_POSTS_PER_THREAD) continue;
    counts[i]! += 1;
    left--;
  }
  return counts;
}

export function planCorpus(options: PlanOptions): CorpusPlan {
  const { threads, posts, authors, seed, now } = options;
  if (authors < 1) throw new Error("il faut au moins un membre qui écrit");
  const years = options.years ?? 10;
  const rng = createRng(mixSeed(seed, 0x504c414e));
  const counts = distributePosts(rng, threads, posts);

  // Activity grows over the years: creation times have a density rising with time.
  const span = years * 365.25 * 24 * HOUR;
  const start = now - span;
  const threadCreated = new Float64Array(threads);
  for (let i = 0; i < threads; i++) threadCreated[i] = start + span * Math.pow(rng(), 1 / 1.5) * 0.999;
  threadCreated.sort();
  // The longest threads are spread over time rather than all at the start: shuffle counts.
  for (let i = threads - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const c = counts[i]!;
    counts[i] = counts[j]!;
    counts[j] = c;
  }

  const firstPost = new Int32Array(threads + 1);
  for (let i = 0; i < threads; i++) firstPost[i + 1] = firstPost[i]! + counts[i]!;
  const postTime = new Float64Array(posts);
  const postAuthor = new Int32Array(posts);
  const authorSampler = new ZipfSampler(authors, 0.8);
  const pool: number[] = [];

  for (let t = 0; t < threads; t++) {
    const from = firstPost[t]!;
    const n = counts[t]!;
    const created = threadCreated[t]!;
    // Replies come at a thread-specific pace: minutes for a hot topic, weeks for a slow one.
    const pace = Math.exp(Math.log(8 * HOUR) + 1.3 * normal(rng));
    postTime[from] = created;
    for (let k = 1; k < n; k++) postTime[from + k] = postTime[from + k - 1]! + 60_000 + exponential(rng, pace);
    const last = postTime[from + n - 1]!;
    const limit = now - 60_000;
    if (last > limit && n > 1) {
      // Squeeze the replies into the time left before `now`, keeping their order.
      const factor = Math.max(0, limit - created) / (last - created);
      for (let k = 1; k < n; k++) postTime[from + k] = created + (postTime[from + k]! - created) * factor;
    }

    // A thread has its opener and a group of regular participants.
    pool.length = 0;
    const opener = authorSampler.sample(rng);
    pool.push(opener);
    const participants = Math.min(authors, 1 + randInt(rng, 1, Math.max(1, Math.round(Math.sqrt(n) * 2))));
    for (let k = 1; k < participants; k++) pool.push(authorSampler.sample(rng));
    postAuthor[from] = opener;
    for (let k = 1; k < n; k++) postAuthor[from + k] = rng() < 0.25 ? opener : pool[Math.floor(rng() * pool.length)]!;
  }

  const byTime = new Uint32Array(posts);
  for (let i = 0; i < posts; i++) byTime[i] = i;
  byTime.sort((a, b) => postTime[a]! - postTime[b]! || a - b);
  const rankOf = new Uint32Array(posts);
  for (let r = 0; r < posts; r++) rankOf[byTime[r]!] = r;

  return { threadCount: threads, postCount: posts, threadCreated, firstPost, postTime, postAuthor, byTime, rankOf };
}

/** The thread a thread-major post index belongs to (binary search in `firstPost`). */
export function threadOfPost(plan: CorpusPlan, post: number): number {
  let low = 0;
  let high = plan.threadCount - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (plan.firstPost[mid]! <= post) low = mid;
    else high = mid - 1;
  }
  return low;
}
