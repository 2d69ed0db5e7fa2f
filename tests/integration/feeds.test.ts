import { Kysely, PostgresDialect, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { atomResponse } from "../../app/feeds/feed-response.server";
import { memberForFeedToken, regenerateFeedToken, revokeFeedToken } from "../../app/feeds/feed-tokens.server";
import { collectiviteFeed, latestThreadsFeed, mergedThreadFeedPath, personalFeed, personalFeedUrl, threadFeed, topicFeed } from "../../app/feeds/feeds.server";
import { registerFeed } from "../../app/feeds/register-feed.server";
import { createReply } from "../../app/forum/posts.server";
import { changeStatus } from "../../app/governance/proposals.server";
import { mergeThread } from "../../app/moderation/thread-moves.server";
import type { Database } from "../../db/schema";
import { isRfc3339, parseAtom, type ParsedFeed } from "./support/atom";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, tagIds, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

const ORIGIN = "https://echanges.example.org";

beforeAll(() => {
  vi.stubEnv("APP_ORIGIN", ORIGIN);
  vi.stubEnv("DATABASE_URL", "");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

/** Every id and link of the feed is absolute on the configured origin; every date is RFC 3339. */
function expectWellFormed(feed: ParsedFeed): void {
  const urls = [feed.id, ...feed.links.map((l) => l.href), ...feed.entries.flatMap((e) => [e.id, ...e.links.map((l) => l.href)])];
  for (const url of urls) {
    if (url.startsWith("tag:")) expect(url).toMatch(/^tag:echanges\.example\.org,\d{4}:/);
    else expect(url.startsWith(`${ORIGIN}/`), url).toBe(true);
  }
  expect(feed.links.some((l) => l.rel === "self" && l.type === "application/atom+xml")).toBe(true);
  expect(feed.links.some((l) => l.rel === "alternate")).toBe(true);
  expect(isRfc3339(feed.updated)).toBe(true);
  for (const entry of feed.entries) {
    expect(isRfc3339(entry.updated)).toBe(true);
    expect(isRfc3339(entry.published)).toBe(true);
    expect(entry.author).not.toBe("");
  }
  expect(new Set(feed.entries.map((e) => e.id)).size).toBe(feed.entries.length);
}

function titles(feed: ParsedFeed): string[] {
  return feed.entries.map((e) => e.title);
}

describeOnEachDatabase("Atom feeds", ({ current }) => {
  async function publish(id: number) {
    await current().db.updateTable("thread").set({ visibility: "public" }).where("id", "=", id).execute();
  }

  it("the latest threads: public ones only, with their opening post as escaped HTML, absolute links and RFC 3339 dates", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const open = await makeThread(db, author, { title: "Bilan public <ENT> & généralisation", body: "Un **bilan** avec [un lien](/fils) & des <b>balises</b>." });
    await publish(open.id);
    await makeThread(db, author, { title: "Réservé aux membres" });
    const gone = await makeThread(db, author, { title: "Fil supprimé public" });
    await publish(gone.id);
    await db.updateTable("thread").set({ deleted_at: new Date() }).where("id", "=", gone.id).execute();
    const unlisted = await makeThread(db, author, { title: "Fil retiré des listes" });
    await publish(unlisted.id);
    await db.updateTable("thread").set({ unlisted_at: new Date() }).where("id", "=", unlisted.id).execute();

    const feed = parseAtom((await latestThreadsFeed(db)).xml);
    expectWellFormed(feed);
    expect(feed.id).toBe(`${ORIGIN}/flux/fils.atom`);
    expect(titles(feed)).toContain("Bilan public <ENT> & généralisation");
    expect(titles(feed)).not.toContain("Réservé aux membres");
    expect(titles(feed)).not.toContain("Fil supprimé public");
    expect(titles(feed)).not.toContain("Fil retiré des listes");
    const entry = feed.entries.find((e) => e.title.startsWith("Bilan public"))!;
    expect(entry.id).toBe(`${ORIGIN}/fils/${open.id}`);
    expect(entry.links[0]!.href).toBe(`${ORIGIN}/fils/${open.id}-${open.slug}`);
    expect(entry.contentType).toBe("html");
    expect(entry.contentBase).toBe(`${ORIGIN}/`);
    // The sanitized rendering, carried as text: <strong> survives, the raw <b> typed by the author is escaped by Markdown.
    expect(entry.content).toContain("<strong>bilan</strong>");
    expect(entry.content).not.toMatch(/<script/i);
  });

  it("a thread's feed: its posts newest first, never deleted or hidden ones, and nothing for a members-only thread", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const other = await makeUser(db, "delegate", { displayName: "Claire Répondante" });
    const thread = await makeThread(db, author, { title: "Fil suivi par flux" });
    await publish(thread.id);
    const first = await createReply(db, viewerOf(other), thread.id, "Première réponse visible");
    const hidden = await createReply(db, viewerOf(other), thread.id, "Réponse masquée par la modération");
    const deleted = await createReply(db, viewerOf(other), thread.id, "Réponse supprimée");
    if (!first.ok || !hidden.ok || !deleted.ok) throw new Error("reply failed");
    await db.updateTable("post").set({ hidden_at: new Date(), hidden_reason: "hors sujet" }).where("id", "=", hidden.postId).execute();
    await db.updateTable("post").set({ deleted_at: new Date() }).where("id", "=", deleted.postId).execute();

    const doc = await threadFeed(db, `${thread.id}-${thread.slug}.atom`);
    const feed = parseAtom(doc!.xml);
    expectWellFormed(feed);
    expect(feed.entries.map((e) => e.id)).toEqual([`${ORIGIN}/messages/${first.postId}`, expect.stringMatching(/\/messages\/\d+$/)]);
    expect(feed.entries[0]!.title).toBe("Réponse de Claire Répondante — Fil suivi par flux");
    expect(feed.entries[0]!.links[0]!.href).toBe(`${ORIGIN}/fils/${thread.id}-${thread.slug}?page=1#message-${first.postId}`);
    expect(doc!.xml).not.toContain("masquée");
    expect(doc!.xml).not.toContain("supprimée");
    // The slug is decoration; the id decides.
    expect(await threadFeed(db, `${thread.id}.atom`)).not.toBeNull();

    const membersOnly = await makeThread(db, author, { title: "Fil des membres" });
    expect(await threadFeed(db, `${membersOnly.id}.atom`)).toBeNull();
    await db.updateTable("thread").set({ deleted_at: new Date() }).where("id", "=", thread.id).execute();
    expect(await threadFeed(db, `${thread.id}.atom`)).toBeNull();
  });

  it("a merged thread's feed points readers to the feed of the thread it went into, if visitors may read it", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const moderator = await makeUser(db, "moderator");
    const merge = async (sourceId: number, targetId: number) => {
      const versionOf = async (id: number) =>
        (await db.selectFrom("thread").select("curation_version").where("id", "=", id).executeTakeFirstOrThrow()).curation_version;
      const done = await mergeThread(db, viewerOf(moderator), sourceId, targetId, { source: await versionOf(sourceId), target: await versionOf(targetId) }, true);
      expect(done.ok).toBe(true);
    };
    const source = await makeThread(db, author, { title: "Fil fusionné public" });
    const target = await makeThread(db, author, { title: "Fil qui reçoit la fusion" });
    await publish(source.id);
    await publish(target.id);
    expect(await mergedThreadFeedPath(db, `${source.id}-${source.slug}.atom`)).toBeNull();
    await merge(source.id, target.id);

    expect(await threadFeed(db, `${source.id}-${source.slug}.atom`)).toBeNull();
    expect(await mergedThreadFeedPath(db, `${source.id}-${source.slug}.atom`)).toBe(`/flux/fils/${target.id}-${target.slug}.atom`);
    expect(await mergedThreadFeedPath(db, `${target.id}.atom`)).toBeNull();
    expect(await mergedThreadFeedPath(db, "rien.atom")).toBeNull();

    // Merged into a members-only thread: a feed (read by visitors) names nothing.
    const hiddenSource = await makeThread(db, author, { title: "Autre fil public fusionné" });
    const membersOnly = await makeThread(db, author, { title: "Fil des membres qui reçoit" });
    await publish(hiddenSource.id);
    await merge(hiddenSource.id, membersOnly.id);
    expect(await mergedThreadFeedPath(db, `${hiddenSource.id}.atom`)).toBeNull();
  });

  it("the register of decisions: standing decisions of public proposals, with their record's absolute link", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const moderator = await makeUser(db, "moderator");
    const tags = await tagIds(db, ["ile-de-france"], ["gouvernance"]);
    const decide = async (title: string, isPublic: boolean) => {
      const thread = await makeThread(db, author, { kind: "gouvernance", title, ...tags });
      if (isPublic) await publish(thread.id);
      const decision = { decidedOn: "2026-03-12", decidingBody: "Assemblée générale <AG>", votesFor: 14, votesAgainst: 1, abstentions: 1, summary: "Adopté & publié.", versionId: null };
      expect((await changeStatus(db, moderator, thread.id, { from: "proposition", to: "discussion", comment: null, decision: null })).ok).toBe(true);
      const result = await changeStatus(db, moderator, thread.id, { from: "discussion", to: "adoptee", comment: null, decision });
      if (!result.ok || result.decisionId === null) throw new Error(JSON.stringify(result));
      return { thread, decisionId: result.decisionId };
    };
    const shown = await decide("Charte de la donnée publique", true);
    await decide("Budget réservé aux membres", false);
    const reopened = await decide("Règlement intérieur rouvert", true);
    expect((await changeStatus(db, moderator, reopened.thread.id, { from: "adoptee", to: "discussion", comment: "À revoir.", decision: null })).ok).toBe(true);

    const feed = parseAtom((await registerFeed(db)).xml);
    expectWellFormed(feed);
    expect(feed.id).toBe(`${ORIGIN}/flux/decisions.atom`);
    expect(titles(feed)).toContain("Adoptée : Charte de la donnée publique");
    expect(titles(feed).some((t) => t.includes("réservé aux membres") || t.includes("Règlement intérieur rouvert"))).toBe(false);
    const entry = feed.entries.find((e) => e.title.endsWith("Charte de la donnée publique"))!;
    expect(entry.id).toBe(`${ORIGIN}/gouvernance/decisions/${shown.decisionId}`);
    expect(entry.links[0]!.href).toBe(`${ORIGIN}/gouvernance/decisions/${shown.decisionId}`);
    expect(entry.author).toBe("Assemblée générale <AG>");
    expect(entry.content).toContain("Assemblée générale &lt;AG&gt;");
    expect(entry.content).toContain("Pour : 14, contre : 1, abstentions : 1.");
    expect(entry.content).toContain("Adopté &amp; publié.");
  });

  it("bad feed addresses find nothing and never throw", async () => {
    const db = current().db;
    for (const file of ["abc", "-1.atom", "99999999999999999999.atom", "1.xml", "\u0000.atom", "x".repeat(100_000), "", "1-<script>.atom"]) {
      expect(await threadFeed(db, file)).toBeNull();
      expect(await topicFeed(db, file)).toBeNull();
      expect(await collectiviteFeed(db, file)).toBeNull();
      expect(await memberForFeedToken(db, file)).toBeNull();
    }
    expect(await topicFeed(db, undefined)).toBeNull();
  });

  it("a thématique's and a collectivité's feeds hold only their own public threads", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const inside = await makeThread(db, author, { title: "Fil formation en Seine-Maritime", ...(await tagIds(db, ["seine-maritime"], ["formation"])) });
    const outside = await makeThread(db, author, { title: "Fil déploiement ailleurs", ...(await tagIds(db, ["ile-de-france"], ["deploiement"])) });
    await publish(inside.id);
    await publish(outside.id);

    const topic = parseAtom((await topicFeed(db, "formation.atom"))!.xml);
    expectWellFormed(topic);
    expect(topic.id).toBe(`${ORIGIN}/flux/thematiques/formation.atom`);
    expect(titles(topic)).toContain("Fil formation en Seine-Maritime");
    expect(titles(topic)).not.toContain("Fil déploiement ailleurs");

    const collectivite = parseAtom((await collectiviteFeed(db, "seine-maritime.atom"))!.xml);
    expectWellFormed(collectivite);
    expect(collectivite.links.find((l) => l.rel === "alternate")!.href).toBe(`${ORIGIN}/collectivites/seine-maritime`);
    expect(titles(collectivite)).toContain("Fil formation en Seine-Maritime");
    expect(titles(collectivite)).not.toContain("Fil déploiement ailleurs");
    expect(await topicFeed(db, "inconnue.atom")).toBeNull();
  });

  it("a personal feed adds members-only threads; its token is stored hashed, and revoking, regenerating or suspending ends it", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    await makeThread(db, author, { title: "Fil réservé pour le flux personnel" });
    for (const role of ["observer", "delegate", "moderator", "admin"] as const) {
      const member = await makeUser(db, role);
      const token = (await regenerateFeedToken(db, viewerOf(member)))!;
      expect(personalFeedUrl(token)).toBe(`${ORIGIN}/flux/personnel/${token}.atom`);
      const found = await memberForFeedToken(db, token);
      expect(found?.id).toBe(member.id);
      const feed = parseAtom((await personalFeed(db, found!, token)).xml);
      expectWellFormed(feed);
      expect(titles(feed)).toContain("Fil réservé pour le flux personnel");
      // The feed's id never carries the token.
      expect(feed.id).not.toContain(token);
    }

    const member = await makeUser(db, "observer");
    const token = (await regenerateFeedToken(db, viewerOf(member)))!;
    const stored = await db.selectFrom("feed_token").select("token_hash").where("user_id", "=", member.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);

    // Regenerating replaces the old address.
    const next = (await regenerateFeedToken(db, viewerOf(member)))!;
    expect(await memberForFeedToken(db, token)).toBeNull();
    expect((await memberForFeedToken(db, next))?.id).toBe(member.id);
    // A forged token of the right shape.
    expect(await memberForFeedToken(db, `${next.slice(0, -1)}${next.endsWith("A") ? "B" : "A"}`)).toBeNull();
    // Suspended: nothing, and the suspended member cannot make a new one.
    await db.updateTable("app_user").set({ status: "suspended" }).where("id", "=", member.id).execute();
    expect(await memberForFeedToken(db, next)).toBeNull();
    expect(await regenerateFeedToken(db, { ...viewerOf(member), status: "suspended" })).toBeNull();
    await db.updateTable("app_user").set({ status: "active" }).where("id", "=", member.id).execute();
    expect((await memberForFeedToken(db, next))?.id).toBe(member.id);
    // Revoked.
    expect(await revokeFeedToken(db, member.id)).toBe(true);
    expect(await memberForFeedToken(db, next)).toBeNull();
  });

  it("answers 304 to a reader that already has the current feed, and 200 once it changed", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author, { title: "Fil pour les validateurs HTTP" });
    await publish(thread.id);
    const first = atomResponse(new Request(`${ORIGIN}/flux/fils.atom`), await latestThreadsFeed(db));
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const etag = first.headers.get("etag")!;
    const lastModified = first.headers.get("last-modified")!;
    expect(etag).toMatch(/^"[^"]+"$/);

    const again = atomResponse(new Request(`${ORIGIN}/flux/fils.atom`, { headers: { "If-None-Match": etag } }), await latestThreadsFeed(db));
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    const since = atomResponse(new Request(`${ORIGIN}/flux/fils.atom`, { headers: { "If-Modified-Since": lastModified } }), await latestThreadsFeed(db));
    expect(since.status).toBe(304);

    await sql`select pg_sleep(0.01)`.execute(db);
    await createReply(db, viewerOf(author), thread.id, "Une réponse qui change le flux");
    const changed = atomResponse(new Request(`${ORIGIN}/flux/fils.atom`, { headers: { "If-None-Match": etag } }), await latestThreadsFeed(db));
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("a feed costs the same bounded number of queries with one thread or fifty-five, and holds the latest fifty", async () => {
    const db = current().db;
    let count = 0;
    const counting = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: current().handle.pool }),
      log: (event) => {
        if (event.level === "query") count++;
      },
    });
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author, { title: "Fil compté", ...(await tagIds(db, ["seine-maritime"], ["financement"])) });
    await publish(thread.id);
    count = 0;
    await topicFeed(counting, "financement.atom");
    const few = count;
    count = 0;
    await threadFeed(counting, `${thread.id}.atom`);
    const threadFew = count;

    for (let i = 0; i < 55; i++) {
      const more = await makeThread(db, author, { title: `Fil compté ${i}`, ...(await tagIds(db, ["seine-maritime"], ["financement"])) });
      await publish(more.id);
      await createReply(db, viewerOf(author), thread.id, `Réponse comptée ${i}`);
    }
    count = 0;
    const many = await topicFeed(counting, "financement.atom");
    expect(count).toBe(few);
    expect(count).toBeLessThanOrEqual(2);
    expect(parseAtom(many!.xml).entries).toHaveLength(50);
    count = 0;
    const posts = await threadFeed(counting, `${thread.id}.atom`);
    expect(count).toBe(threadFew);
    expect(count).toBeLessThanOrEqual(4);
    expect(parseAtom(posts!.xml).entries).toHaveLength(50);
  });
});

describe("parseAtom", () => {
  it("refuses a malformed document, so the feed tests can fail", () => {
    expect(() => parseAtom('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>a & b</title></feed>')).toThrow();
  });
});
