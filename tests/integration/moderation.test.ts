import { Kysely, PostgresDialect } from "kysely";
import { expect, it } from "vitest";

import { createReply, deletePost, listPostsPage } from "../../app/forum/posts.server";
import { loadThreadListPage } from "../../app/forum/list-page.server";
import { parseListQuery } from "../../app/forum/list-query";
import { listThreads } from "../../app/forum/list-threads.server";
import { takeNotices } from "../../app/moderation/notices.server";
import { hidePost, unhidePost } from "../../app/moderation/post-moderation.server";
import { countOpenReports, listReportQueue, reportPost, resolveReports } from "../../app/moderation/reports.server";
import { changeThreadVisibility, curateThread, findThreadCuration, type ThreadAct } from "../../app/moderation/thread-curation.server";
import { checkReason, parsePinUntil, REASON_MAX, type FormErrors } from "../../app/moderation/moderation-form";
import { readSearchRequest } from "../../app/search/search-params";
import { loadSearchPage } from "../../app/search/search-page.server";
import type { Database, User } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

/** Issue 9, items 1, 2, 5, 6, 8, 9 (and the journal of these acts). */

async function lastJournalId(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return Number(row?.id ?? 0);
}

async function journalSince(db: Kysely<Database>, since: number) {
  return db.selectFrom("audit_log").selectAll().where("id", ">", since).orderBy("id").execute();
}

async function version(db: Kysely<Database>, threadId: number): Promise<number> {
  return (await findThreadCuration(db, threadId))!.version;
}

async function act(db: Kysely<Database>, actor: User, threadId: number, a: ThreadAct) {
  return curateThread(db, actor, threadId, a, await version(db, threadId));
}

async function searchIds(db: Kysely<Database>, user: User, q: string): Promise<number[]> {
  const page = await loadSearchPage(db, viewerOf(user), readSearchRequest(new URLSearchParams({ q })));
  return page.hits.map((h) => h.threadId);
}

async function firstPostId(db: Kysely<Database>, threadId: number): Promise<number> {
  return (await listPostsPage(db, threadId, 1))[0]!.id;
}

describeOnEachDatabase("moderation: threads", ({ current }) => {
  it("pins on the home page: first in the list and marked, until its date; unpin; one entry each", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const old = await makeThread(db, author, { title: "Un fil ancien à épingler" });
    await makeThread(db, author);
    const since = await lastJournalId(db);
    expect(await act(db, moderator, old.id, { kind: "pin", until: null, topicId: null })).toEqual({ ok: true });
    const home = await loadThreadListPage(db, viewerOf(author), parseListQuery(new URLSearchParams()));
    expect(home.threads[0]).toMatchObject({ id: old.id, pinned: true });
    expect(home.threads.filter((t) => t.id === old.id)).toHaveLength(1);
    // A pin whose date has passed no longer heads the list.
    await db.updateTable("thread").set({ pinned_until: new Date(Date.now() - 1000) }).where("id", "=", old.id).execute();
    const later = await loadThreadListPage(db, viewerOf(author), parseListQuery(new URLSearchParams()));
    expect(later.threads[0]!.id).not.toBe(old.id);
    expect(await act(db, moderator, old.id, { kind: "unpin" })).toEqual({ ok: true });
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([["thread.pinned", moderator.id], ["thread.unpinned", moderator.id]]);
  });

  it("pins within a thématique only, and refuses a thématique the thread is not in", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const topic = await db.selectFrom("topic").select("id").where("slug", "=", "deploiement").executeTakeFirstOrThrow();
    const other = await db.selectFrom("topic").select("id").where("slug", "=", "gouvernance").executeTakeFirstOrThrow();
    const refused = await act(db, moderator, thread.id, { kind: "pin", until: null, topicId: other.id });
    expect(refused).toMatchObject({ ok: false, status: 400 });
    expect(await act(db, moderator, thread.id, { kind: "pin", until: null, topicId: topic.id })).toEqual({ ok: true });
    await makeThread(db, author);
    const inTopic = await loadThreadListPage(db, viewerOf(author), parseListQuery(new URLSearchParams()), { topicId: topic.id });
    expect(inTopic.threads[0]).toMatchObject({ id: thread.id, pinned: true });
    const home = await loadThreadListPage(db, viewerOf(author), parseListQuery(new URLSearchParams()));
    expect(home.threads[0]!.id).not.toBe(thread.id);
  });

  it("features a thread on the home page, and unfeatures it", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const thread = await makeThread(db, await makeUser(db, "delegate"));
    expect(await act(db, moderator, thread.id, { kind: "feature" })).toEqual({ ok: true });
    const home = await loadThreadListPage(db, viewerOf(moderator), parseListQuery(new URLSearchParams()));
    expect(home.featured.map((t) => t.id)).toContain(thread.id);
    expect(await act(db, moderator, thread.id, { kind: "unfeature" })).toEqual({ ok: true });
    const after = await loadThreadListPage(db, viewerOf(moderator), parseListQuery(new URLSearchParams()));
    expect(after.featured.map((t) => t.id)).not.toContain(thread.id);
  });

  it("locks with a reason (replies refused), unlocks (replies accepted)", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    expect(await act(db, moderator, thread.id, { kind: "lock", reason: "Débat clos par le bureau." })).toEqual({ ok: true });
    const state = await findThreadCuration(db, thread.id);
    expect(state).toMatchObject({ lockReason: "Débat clos par le bureau." });
    expect(await createReply(db, viewerOf(author), thread.id, "Encore un mot")).toMatchObject({ ok: false, status: 409 });
    expect(await act(db, moderator, thread.id, { kind: "unlock" })).toEqual({ ok: true });
    expect(await createReply(db, viewerOf(author), thread.id, "Encore un mot")).toMatchObject({ ok: true });
  });

  it("unlists: out of lists and search, still reachable; relisted: back in both", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author, { title: "Brouillon des modérateurs zygomatique", body: "Texte du brouillon hippocampe." });
    expect(await searchIds(db, author, "hippocampe")).toEqual([thread.id]);
    expect(await act(db, moderator, thread.id, { kind: "unlist" })).toEqual({ ok: true });
    const list = await listThreads(db, viewerOf(author), {}, null, 100);
    expect(list.threads.map((t) => t.id)).not.toContain(thread.id);
    expect(await searchIds(db, author, "hippocampe")).toEqual([]);
    expect(await searchIds(db, author, "zygomatique dans:titre")).toEqual([]);
    expect(await findThreadCuration(db, thread.id)).not.toBeNull();
    expect(await act(db, moderator, thread.id, { kind: "relist" })).toEqual({ ok: true });
    expect(await searchIds(db, author, "hippocampe")).toEqual([thread.id]);
    expect((await listThreads(db, viewerOf(author), {}, null, 100)).threads.map((t) => t.id)).toContain(thread.id);
  });

  it("visibility needs the confirmation and a current form", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const thread = await makeThread(db, await makeUser(db, "delegate"));
    const v = await version(db, thread.id);
    const unconfirmed = await changeThreadVisibility(db, moderator, thread.id, { visibility: "public", confirmed: false, baseVersion: v });
    expect(unconfirmed).toMatchObject({ ok: false, status: 400 });
    expect((await findThreadCuration(db, thread.id))!.visibility).toBe("members");
    expect(await changeThreadVisibility(db, moderator, thread.id, { visibility: "public", confirmed: true, baseVersion: v })).toEqual({ ok: true });
    expect((await findThreadCuration(db, thread.id))!.visibility).toBe("public");
    // The same form sent again (already public) is stale.
    expect(await changeThreadVisibility(db, moderator, thread.id, { visibility: "public", confirmed: true, baseVersion: v })).toMatchObject({ ok: false, status: 409 });
  });

  it("a stale form changes nothing and writes nothing", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const thread = await makeThread(db, await makeUser(db, "delegate"));
    const v = await version(db, thread.id);
    expect(await curateThread(db, moderator, thread.id, { kind: "feature" }, v)).toEqual({ ok: true });
    const since = await lastJournalId(db);
    const stale = await curateThread(db, moderator, thread.id, { kind: "lock", reason: "Trop tard" }, v);
    expect(stale).toMatchObject({ ok: false, status: 409 });
    expect((await findThreadCuration(db, thread.id))!.lockedAt).toBeNull();
    expect(await journalSince(db, since)).toEqual([]);
  });

  it("pinning a thread that does not exist (or no longer) is 404", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    expect(await curateThread(db, moderator, 99_999_999, { kind: "pin", until: null, topicId: null }, 1)).toMatchObject({ ok: false, status: 404 });
    // A thread that went with its only post (deleted_at) is gone for moderation too.
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const v = await version(db, thread.id);
    expect(await deletePost(db, viewerOf(author), await firstPostId(db, thread.id))).toEqual({ threadDeleted: true });
    expect(await curateThread(db, moderator, thread.id, { kind: "pin", until: null, topicId: null }, v)).toMatchObject({ ok: false, status: 404 });
    expect(await findThreadCuration(db, thread.id)).toBeNull();
  });

  it("non-moderators are refused (403) and each attempt is journaled once", async () => {
    const db = current().db;
    const delegate = await makeUser(db, "delegate");
    const observer = await makeUser(db, "observer");
    const thread = await makeThread(db, delegate);
    const post = await firstPostId(db, thread.id);
    const since = await lastJournalId(db);
    const v = await version(db, thread.id);
    expect(await curateThread(db, delegate, thread.id, { kind: "pin", until: null, topicId: null }, v)).toMatchObject({ ok: false, status: 403 });
    expect(await curateThread(db, observer, thread.id, { kind: "lock", reason: "x" }, v)).toMatchObject({ ok: false, status: 403 });
    expect(await changeThreadVisibility(db, delegate, thread.id, { visibility: "public", confirmed: true, baseVersion: v })).toMatchObject({ ok: false, status: 403 });
    expect(await hidePost(db, delegate, post, "non")).toMatchObject({ ok: false, status: 403 });
    expect(await unhidePost(db, delegate, post, null)).toMatchObject({ ok: false, status: 403 });
    expect(await resolveReports(db, observer, post, { resolution: "dismissed", note: "x", reportIds: [] })).toMatchObject({ ok: false, status: 403 });
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.actor_id, (e.details as { act: string }).act])).toEqual([
      ["moderation.refused", delegate.id, "thread.pin"],
      ["moderation.refused", observer.id, "thread.lock"],
      ["moderation.refused", delegate.id, "thread.visibility"],
      ["moderation.refused", delegate.id, "post.hide"],
      ["moderation.refused", delegate.id, "post.unhide"],
      ["moderation.refused", observer.id, "reports.resolve"],
    ]);
    const state = await findThreadCuration(db, thread.id);
    expect([state!.pinnedAt, state!.lockedAt, state!.visibility]).toEqual([null, null, "members"]);
  });

  it("reasons and dates are checked: too long, empty, past", () => {
    const errors: FormErrors = {};
    checkReason("x".repeat(REASON_MAX + 1), errors);
    expect(errors.reason).toMatch(/ne doit pas dépasser 500 caractères/);
    const empty: FormErrors = {};
    checkReason("   ", empty);
    expect(empty.reason).toMatch(/Indiquez la raison/);
    const past: FormErrors = {};
    expect(parsePinUntil("2020-01-01", new Date(), past)).toBeNull();
    expect(past.until).toMatch(/déjà passée/);
    const bad: FormErrors = {};
    parsePinUntil("2031-02-30", new Date(), bad);
    expect(bad.until).toMatch(/format/);
  });

  it("the database refuses a reason longer than the limit even past the form", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const thread = await makeThread(db, await makeUser(db, "delegate"));
    await expect(act(db, moderator, thread.id, { kind: "lock", reason: "x".repeat(REASON_MAX + 1) })).rejects.toThrow();
    expect((await findThreadCuration(db, thread.id))!.lockedAt).toBeNull();
  });
});

describeOnEachDatabase("moderation: posts and reports", ({ current }) => {
  it("hides a post with a reason: out of search, the author told; unhide: back in search", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author, { body: "Un propos ornithorynque à masquer." });
    const postId = await firstPostId(db, thread.id);
    expect(await searchIds(db, moderator, "ornithorynque")).toEqual([thread.id]);
    await takeNotices(db, author.id);
    expect(await hidePost(db, moderator, postId, "Données personnelles publiées.")).toMatchObject({ ok: true });
    const [shown] = await listPostsPage(db, thread.id, 1);
    expect(shown).toMatchObject({ hidden: true, hiddenReason: "Données personnelles publiées." });
    expect(await searchIds(db, moderator, "ornithorynque")).toEqual([]);
    const vector = await db.selectFrom("post").select("search_vector").where("id", "=", postId).executeTakeFirstOrThrow();
    expect(vector.search_vector).toBeNull();
    expect((await takeNotices(db, author.id)).map((n) => n.body)).toEqual([expect.stringMatching(/masqué par la modération/)]);
    expect(await takeNotices(db, author.id)).toEqual([]);
    expect(await hidePost(db, moderator, postId, "encore")).toMatchObject({ ok: false, status: 409 });
    expect(await unhidePost(db, moderator, postId, null)).toMatchObject({ ok: true });
    expect(await searchIds(db, moderator, "ornithorynque")).toEqual([thread.id]);
    expect(await unhidePost(db, moderator, postId, null)).toMatchObject({ ok: false, status: 409 });
  });

  it("a hidden post stays out of search when its thread is retitled", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const reply = await createReply(db, viewerOf(author), thread.id, "Réponse tamanoir cachée");
    if (!reply.ok) throw new Error("reply");
    await hidePost(db, moderator, reply.postId, "Hors charte");
    await db.updateTable("thread").set({ title: "Un nouveau titre pour le fil" }).where("id", "=", thread.id).execute();
    expect(await searchIds(db, moderator, "tamanoir")).toEqual([]);
  });

  it("reports: once per member, not one's own post, not a hidden or missing post", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const reporter = await makeUser(db, "observer");
    const thread = await makeThread(db, author);
    const postId = await firstPostId(db, thread.id);
    expect(await reportPost(db, viewerOf(reporter), postId, { reason: "off_topic", note: "Pas le bon fil" })).toEqual({ ok: true, autoHidden: false });
    const twice = await reportPost(db, viewerOf(reporter), postId, { reason: "other", note: null });
    expect(twice).toMatchObject({ ok: false, status: 409, errors: { form: expect.stringMatching(/déjà signalé/) } });
    const own = await reportPost(db, viewerOf(author), postId, { reason: "other", note: null });
    expect(own).toMatchObject({ ok: false, status: 400, errors: { form: expect.stringMatching(/propre message/) } });
    expect(await reportPost(db, viewerOf(reporter), 99_999_999, { reason: "other", note: null })).toMatchObject({ ok: false, status: 404 });
    expect(await countOpenReports(db)).toBeGreaterThanOrEqual(1);
  });

  it("three distinct reporters hide the post automatically, one journal entry, author told; two do not", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author, { body: "Message wombat signalé." });
    const postId = await firstPostId(db, thread.id);
    await takeNotices(db, author.id);
    const since = await lastJournalId(db);
    const reporters = [await makeUser(db, "delegate"), await makeUser(db, "observer"), await makeUser(db, "moderator")];
    expect(await reportPost(db, viewerOf(reporters[0]!), postId, { reason: "inappropriate", note: null })).toEqual({ ok: true, autoHidden: false });
    expect(await reportPost(db, viewerOf(reporters[1]!), postId, { reason: "inappropriate", note: null })).toEqual({ ok: true, autoHidden: false });
    expect((await listPostsPage(db, thread.id, 1))[0]!.hidden).toBe(false);
    expect(await reportPost(db, viewerOf(reporters[2]!), postId, { reason: "personal_data", note: "Un numéro de téléphone" })).toEqual({ ok: true, autoHidden: true });
    expect((await listPostsPage(db, thread.id, 1))[0]!.hidden).toBe(true);
    expect(await searchIds(db, author, "wombat")).toEqual([]);
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.actor_id, e.target_user_id])).toEqual([["post.auto_hidden", null, author.id]]);
    expect((await takeNotices(db, author.id)).map((n) => n.body)).toEqual([expect.stringMatching(/signalé par plusieurs membres/)]);
  });

  it("the queue groups by post, oldest first, with reporters and notes; resolving works once", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    // Resolve anything earlier tests left open, so the queue is this test's own.
    for (const item of await listReportQueue(db)) {
      await resolveReports(db, moderator, item.postId, { resolution: "dismissed", note: "ménage", reportIds: item.reports.map((r) => r.id) });
    }
    const first = await makeThread(db, author);
    const second = await makeThread(db, author);
    const p1 = await firstPostId(db, first.id);
    const p2 = await firstPostId(db, second.id);
    const a = await makeUser(db, "observer", { displayName: "Alice Signale" });
    const b = await makeUser(db, "delegate", { displayName: "Bruno Signale" });
    await reportPost(db, viewerOf(a), p1, { reason: "duplicate", note: "Voir l'autre fil" });
    await reportPost(db, viewerOf(b), p2, { reason: "other", note: null });
    await reportPost(db, viewerOf(b), p1, { reason: "off_topic", note: null });
    const queue = await listReportQueue(db);
    expect(queue.map((q) => q.postId)).toEqual([p1, p2]);
    expect(queue[0]!.reports.map((r) => [r.reporterName, r.reason, r.note])).toEqual([
      ["Alice Signale", "duplicate", "Voir l'autre fil"],
      ["Bruno Signale", "off_topic", null],
    ]);
    expect(await countOpenReports(db)).toBe(3);
    // A form that showed only one of the two reports is stale.
    const stale = await resolveReports(db, moderator, p1, { resolution: "hidden", note: "Doublon", reportIds: [queue[0]!.reports[0]!.id] });
    expect(stale).toMatchObject({ ok: false, status: 409 });
    const since = await lastJournalId(db);
    expect(await resolveReports(db, moderator, p1, { resolution: "hidden", note: "Doublon", reportIds: queue[0]!.reports.map((r) => r.id) })).toEqual({ ok: true, resolved: 2 });
    expect((await listPostsPage(db, first.id, 1))[0]).toMatchObject({ hidden: true, hiddenReason: "Doublon" });
    expect(await resolveReports(db, moderator, p2, { resolution: "locked", note: "On arrête là", reportIds: queue[1]!.reports.map((r) => r.id) })).toEqual({ ok: true, resolved: 1 });
    expect(await findThreadCuration(db, second.id)).toMatchObject({ lockReason: "On arrête là" });
    expect((await journalSince(db, since)).map((e) => e.action)).toEqual(["reports.resolved", "reports.resolved"]);
    expect(await listReportQueue(db)).toEqual([]);
    expect(await countOpenReports(db)).toBe(0);
  });

  it("dismissing the reports of a post hidden automatically shows it again, back in search", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author, { body: "Message capybara innocent." });
    const postId = await firstPostId(db, thread.id);
    for (const role of ["observer", "delegate", "observer"] as const) {
      await reportPost(db, viewerOf(await makeUser(db, role)), postId, { reason: "other", note: null });
    }
    expect(await searchIds(db, author, "capybara")).toEqual([]);
    const item = (await listReportQueue(db)).find((q) => q.postId === postId)!;
    expect(item.hiddenAutomatically).toBe(true);
    expect(await resolveReports(db, moderator, postId, { resolution: "dismissed", note: "Rien à redire", reportIds: item.reports.map((r) => r.id) })).toMatchObject({ ok: true });
    expect((await listPostsPage(db, thread.id, 1))[0]!.hidden).toBe(false);
    expect(await searchIds(db, author, "capybara")).toEqual([thread.id]);
  });

  it("journal completeness: every act writes exactly one entry", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const postId = await firstPostId(db, thread.id);
    const acts: [string, () => Promise<unknown>][] = [
      ["thread.pinned", () => act(db, moderator, thread.id, { kind: "pin", until: null, topicId: null })],
      ["thread.unpinned", () => act(db, moderator, thread.id, { kind: "unpin" })],
      ["thread.featured", () => act(db, moderator, thread.id, { kind: "feature" })],
      ["thread.unfeatured", () => act(db, moderator, thread.id, { kind: "unfeature" })],
      ["thread.locked", () => act(db, moderator, thread.id, { kind: "lock", reason: "Clos" })],
      ["thread.unlocked", () => act(db, moderator, thread.id, { kind: "unlock" })],
      ["thread.unlisted", () => act(db, moderator, thread.id, { kind: "unlist" })],
      ["thread.relisted", () => act(db, moderator, thread.id, { kind: "relist" })],
      ["post.hidden", () => hidePost(db, moderator, postId, "Raison")],
      ["post.unhidden", () => unhidePost(db, moderator, postId, null)],
      [
        "post.auto_hidden",
        async () => {
          for (const role of ["observer", "observer", "delegate"] as const) {
            await reportPost(db, viewerOf(await makeUser(db, role)), postId, { reason: "other", note: null });
          }
        },
      ],
      [
        "reports.resolved",
        async () => {
          const item = (await listReportQueue(db)).find((q) => q.postId === postId)!;
          return resolveReports(db, moderator, postId, { resolution: "dismissed", note: "RAS", reportIds: item.reports.map((r) => r.id) });
        },
      ],
      ["moderation.refused", () => act(db, author, thread.id, { kind: "feature" })],
    ];
    for (const [action, run] of acts) {
      const since = await lastJournalId(db);
      await run();
      const entries = await journalSince(db, since);
      expect(entries.map((e) => e.action), action).toEqual([action]);
      expect(entries[0]!.details, action).toMatchObject(action === "moderation.refused" ? {} : { before: expect.anything(), after: expect.anything() });
    }
  });
});

describeOnEachDatabase("moderation query counts", ({ current }) => {
  async function countQueries(run: (db: Kysely<Database>) => Promise<unknown>): Promise<number> {
    let count = 0;
    const counting = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: current().handle.pool }),
      log: (event) => {
        if (event.level === "query") count++;
      },
    });
    await run(counting);
    return count;
  }

  it("the home page and the queue cost a fixed number of queries whatever the pins and reports", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const home = () => countQueries((d) => loadThreadListPage(d, viewerOf(author), parseListQuery(new URLSearchParams())));
    const queue = () => countQueries((d) => listReportQueue(d));
    const t1 = await makeThread(db, author);
    await act(db, moderator, t1.id, { kind: "pin", until: null, topicId: null });
    await reportPost(db, viewerOf(moderator), await firstPostId(db, t1.id), { reason: "other", note: null });
    const [homeOne, queueOne] = [await home(), await queue()];
    for (let i = 0; i < 4; i++) {
      const t = await makeThread(db, author);
      await act(db, moderator, t.id, { kind: i % 2 ? "feature" : "pin", ...(i % 2 ? {} : { until: null, topicId: null }) } as ThreadAct);
      await reportPost(db, viewerOf(moderator), await firstPostId(db, t.id), { reason: "other", note: null });
    }
    expect(await home()).toBe(homeOne);
    expect(homeOne).toBeLessThanOrEqual(8);
    expect(await queue()).toBe(queueOne);
    expect(queueOne).toBeLessThanOrEqual(3);
  });
});
