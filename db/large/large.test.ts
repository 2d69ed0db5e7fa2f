import { describe, expect, it } from "vitest";

import { renderMarkdown } from "../../app/markdown/render.server";
import { escapeText, toHtml, toMarkdown, type Doc } from "./document";
import { distributePosts, planCorpus, threadOfPost } from "./plan";
import { formatDuration, formatProgress } from "./progress";
import { createRng } from "./random";
import { assignHandles, buildCollectivites, buildMembers, buildPostBody, buildReadMarks, buildThread } from "./rows";
import { openingPost, replyPost, threadTitle } from "./text";
import { ZipfSampler } from "./zipf";

const HANDLE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe("ZipfSampler", () => {
  it("gives rank k a probability proportional to 1/(k+1)^s", () => {
    const zipf = new ZipfSampler(100, 1);
    expect(zipf.probability(0) / zipf.probability(1)).toBeCloseTo(2, 10);
    expect(zipf.probability(0) / zipf.probability(9)).toBeCloseTo(10, 10);
    let total = 0;
    for (let k = 0; k < 100; k++) total += zipf.probability(k);
    expect(total).toBeCloseTo(1, 10);
  });

  it("draws with that shape: decreasing frequencies, log-log slope close to -s", () => {
    const zipf = new ZipfSampler(50, 1.1);
    const rng = createRng(7);
    const counts = new Array<number>(50).fill(0);
    const draws = 200_000;
    for (let i = 0; i < draws; i++) counts[zipf.sample(rng)]!++;
    for (let k = 0; k < 5; k++) expect(Math.abs(counts[k]! / draws - zipf.probability(k))).toBeLessThan(0.005);
    expect(counts[0]).toBeGreaterThan(counts[1]!);
    expect(counts[1]).toBeGreaterThan(counts[3]!);
    expect(counts[3]).toBeGreaterThan(counts[15]!);
    // Least-squares slope of log(frequency) against log(rank) over the well-sampled ranks.
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 0; k < 20; k++) {
      xs.push(Math.log(k + 1));
      ys.push(Math.log(counts[k]! / draws));
    }
    const mx = xs.reduce((a, b) => a + b) / xs.length;
    const my = ys.reduce((a, b) => a + b) / ys.length;
    const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    expect(slope).toBeGreaterThan(-1.25);
    expect(slope).toBeLessThan(-0.95);
  });

  it("is deterministic for a seed", () => {
    const zipf = new ZipfSampler(30);
    const run = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 20 }, () => zipf.sample(rng));
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });
});

describe("handles and members", () => {
  it("makes unique handles in the app's format, skipping those taken", () => {
    const handles = assignHandles(["Léa Martin", "Lea Martin", "LÉA MARTIN", "Hélène N'Diaye", "  ", "Zoë"], new Set(["lea-martin-2"]));
    expect(handles).toEqual(["lea-martin", "lea-martin-3", "lea-martin-4", "helene-n-diaye", "membre", "zoe"]);
    for (const h of handles) expect(h).toMatch(HANDLE);
  });

  it("builds members with unique handles and addresses, and a collectivité for délégués and modérateurs", () => {
    const taken = new Set(["camille-martin", "claire-bernard"]);
    const { members, authors } = buildMembers(createRng(1), 800, 70, taken);
    expect(members).toHaveLength(800);
    expect(new Set(members.map((m) => m.handle)).size).toBe(800);
    expect(new Set(members.map((m) => m.email)).size).toBe(800);
    for (const m of members) {
      expect(m.handle).toMatch(HANDLE);
      expect(taken.has(m.handle)).toBe(false);
      if (m.role === "delegate" || m.role === "moderator") expect(m.collectivite).not.toBeNull();
    }
    // Those who write come first; observers, who may not, last.
    expect(members.slice(0, authors).every((m) => m.role !== "observer")).toBe(true);
    expect(members.slice(authors).every((m) => m.role === "observer")).toBe(true);
    expect(members.some((m) => m.role === "admin") && members.some((m) => m.role === "moderator")).toBe(true);
  });

  it("generates collectivités with valid, marked slugs, once", () => {
    const all = buildCollectivites(new Set());
    expect(all.length).toBeGreaterThan(60);
    for (const c of all) expect(c.slug).toMatch(/^gen-[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(all.map((c) => c.slug)).size).toBe(all.length);
    expect(buildCollectivites(new Set(all.map((c) => c.slug)))).toEqual([]);
  });
});

describe("corpus plan", () => {
  const now = Date.UTC(2026, 10, 28);
  const plan = planCorpus({ threads: 3_000, posts: 30_000, authors: 280, seed: 11, now });

  it("shares out exactly the posts asked for, at least one per thread, with a long tail", () => {
    const counts = distributePosts(createRng(5), 10_000, 100_000);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(Math.min(...counts)).toBe(1);
    expect(counts.filter((c) => c > 200).length).toBeGreaterThan(0);
    expect(counts.filter((c) => c === 1).length).toBeGreaterThan(100);
    expect(() => distributePosts(createRng(5), 10, 5)).toThrow();
  });

  it("gives dense positions from 1 in time order, ids growing with time", () => {
    expect(plan.firstPost[0]).toBe(0);
    expect(plan.firstPost[plan.threadCount]).toBe(30_000);
    for (let t = 0; t < plan.threadCount; t++) {
      const from = plan.firstPost[t]!;
      const to = plan.firstPost[t + 1]!;
      expect(to).toBeGreaterThan(from);
      expect(plan.postTime[from]).toBe(plan.threadCreated[t]);
      for (let p = from + 1; p < to; p++) {
        expect(plan.postTime[p]).toBeGreaterThanOrEqual(plan.postTime[p - 1]!);
        // Position p - from + 1 is written after position p - from: its id (rank) is larger.
        expect(plan.rankOf[p]).toBeGreaterThan(plan.rankOf[p - 1]!);
      }
      expect(threadOfPost(plan, from)).toBe(t);
      expect(threadOfPost(plan, to - 1)).toBe(t);
    }
    const seen = new Uint8Array(plan.postCount);
    for (let r = 0; r < plan.postCount; r++) {
      seen[plan.byTime[r]!]! += 1;
      if (r > 0) expect(plan.postTime[plan.byTime[r]!]).toBeGreaterThanOrEqual(plan.postTime[plan.byTime[r - 1]!]!);
    }
    expect(seen.every((n) => n === 1)).toBe(true);
  });

  it("spreads dates over ten years, never after the end", () => {
    const tenYears = 10 * 365.25 * 24 * 3_600_000;
    expect(Math.min(...plan.postTime)).toBeGreaterThanOrEqual(now - tenYears);
    expect(Math.max(...plan.postTime)).toBeLessThanOrEqual(now);
    expect(plan.threadCreated[0]!).toBeLessThan(now - tenYears * 0.8);
    expect(Math.max(...plan.postAuthor)).toBeLessThan(280);
  });

  it("is deterministic for a seed", () => {
    const again = planCorpus({ threads: 3_000, posts: 30_000, authors: 280, seed: 11, now });
    expect(again.byTime).toEqual(plan.byTime);
    expect(again.postAuthor).toEqual(plan.postAuthor);
  });

  it("marks authors as having read up to their last post", () => {
    for (let t = 0; t < 200; t++) {
      const marks = buildReadMarks(plan, t, 11, 300);
      const from = plan.firstPost[t]!;
      const count = plan.firstPost[t + 1]! - from;
      expect(new Set(marks.map((m) => m.member)).size).toBe(marks.length);
      for (let p = from; p < from + count; p++) {
        const mark = marks.find((m) => m.member === plan.postAuthor[p]);
        expect(mark!.position).toBeGreaterThanOrEqual(p - from + 1);
      }
      for (const m of marks) expect(m.position).toBeLessThanOrEqual(count);
    }
  });
});

describe("text and HTML", () => {
  const kinds = ["retour", "question", "discussion", "gouvernance"] as const;

  it("stores exactly the HTML the app's renderer gives for the generated Markdown", () => {
    const rng = createRng(2026);
    for (let i = 0; i < 1_500; i++) {
      const doc: Doc = i % 4 === 0 ? openingPost(rng, kinds[(i / 4) % 4]!) : replyPost(rng, "Hélène N'Diaye");
      const markdown = toMarkdown(doc);
      expect(toHtml(doc), markdown).toBe(renderMarkdown(markdown));
    }
  });

  it("escapes text, so even hostile text could not inject markup", () => {
    const doc: Doc = [
      { type: "heading", level: 2, text: "<script>alert(1)</script>" },
      { type: "paragraph", lines: [[{ strong: "<b>" }, ' & "x" <img src=x onerror=alert(1)>']] },
      { type: "quote", text: "</blockquote><iframe>" },
    ];
    const html = toHtml(doc);
    expect(html).not.toMatch(/<(script|img|iframe|b>)/);
    expect(escapeText("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
  });

  it("writes titles the forum accepts, and bodies of every kind", () => {
    const rng = createRng(9);
    for (let i = 0; i < 2_000; i++) {
      const title = threadTitle(rng, kinds[i % 4]!);
      expect(title.length).toBeGreaterThanOrEqual(8);
      expect(title.length).toBeLessThanOrEqual(150);
    }
    expect(toMarkdown(openingPost(createRng(1), "retour"))).toMatch(/^## Contexte\n/);
    expect(toMarkdown(openingPost(createRng(1), "gouvernance"))).toMatch(/## Points à trancher\n\n1\. /);
  });

  it("builds the same thread and post for the same seed and index", () => {
    const ctx = { seed: 4, collectiviteSampler: new ZipfSampler(40), topicSampler: new ZipfSampler(10), governanceTopic: 3 };
    expect(buildThread(ctx, 17, Date.UTC(2022, 0, 1), 5)).toEqual(buildThread(ctx, 17, Date.UTC(2022, 0, 1), 5));
    const thread = buildThread(ctx, 18, Date.UTC(2022, 0, 1), null);
    expect(thread.collectivites.length).toBeGreaterThanOrEqual(1);
    expect(new Set(thread.topics).size).toBe(thread.topics.length);
    expect(buildPostBody(4, 99, 2, "question", "Léa Martin")).toEqual(buildPostBody(4, 99, 2, "question", "Léa Martin"));
  });
});

describe("progress line", () => {
  it("shows rows done, rate and time left", () => {
    // Intl's French grouping separator is a narrow no-break space.
    expect(formatProgress("messages", 250_000, 1_000_000, 10_000).replace(/\u202f/g, " ")).toBe(
      "messages : 250 000 / 1 000 000 (25,0 %) · 25 000 lignes/s · écoulé 10 s · reste 30 s",
    );
    expect(formatDuration(125)).toBe("2 min 05 s");
    expect(formatDuration(3_700)).toBe("1 h 01 min");
  });
});
