import { Kysely, PostgresDialect } from "kysely";
import { expect, it } from "vitest";

import { markUseful } from "../../app/appreciation/useful.server";
import { deleteDraft, findDraft, listDrafts, saveDraft } from "../../app/drafts/drafts.server";
import { acceptedAnswerOf, setAcceptedAnswer } from "../../app/forum/accepted-answer.server";
import { readDensity, saveDensity } from "../../app/forum/density.server";
import { BODY_MAX } from "../../app/forum/kinds";
import { loadThreadListPage } from "../../app/forum/list-page.server";
import { parseListQuery } from "../../app/forum/list-query";
import { listThreads, markListRead } from "../../app/forum/list-threads.server";
import { createReply } from "../../app/forum/posts.server";
import { findThread } from "../../app/forum/threads.server";
import type { Viewer } from "../../app/forum/viewer";
import { listAcceptedAnswers } from "../../app/members/accepted-answers.server";
import { readSearchRequest } from "../../app/search/search-params";
import { loadSearchPage } from "../../app/search/search-page.server";
import type { Database, User } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, tagIds, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

async function reply(db: Kysely<Database>, author: User, threadId: number, body: string): Promise<number> {
  const result = await createReply(db, viewerOf(author), threadId, body);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.postId;
}

async function firstPostOf(db: Kysely<Database>, threadId: number): Promise<number> {
  const row = await db.selectFrom("post").select("id").where("thread_id", "=", threadId).where("position", "=", 1).executeTakeFirstOrThrow();
  return row.id;
}

async function journalCount(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).where("action", "=", "thread.answer_accepted").executeTakeFirstOrThrow();
  return Number(row.n);
}

describeOnEachDatabase("accepted answers", ({ current }) => {
  it("the question's author accepts a reply, changes it and withdraws it; lists, search and the profile follow", async () => {
    const db = current().db;
    const asker = await makeUser(db, "delegate");
    const answerer = await makeUser(db, "delegate");
    const other = await makeUser(db, "delegate");
    const question = await makeThread(db, asker, { kind: "question", title: "Comment configurer le zorglub annuel ?", body: "Question sur le zorglub." });
    const first = await reply(db, answerer, question.id, "Voici comment faire le zorglub.");
    const second = await reply(db, other, question.id, "Une autre piste pour le zorglub.");

    expect(await setAcceptedAnswer(db, viewerOf(asker), first, true)).toEqual({ ok: true, acceptedPostId: first });
    let found = await findThread(db, viewerOf(other), question.id);
    expect(found.status === "found" && found.thread.resolved).toBe(true);
    expect((await acceptedAnswerOf(db, question.id, false))?.postId).toBe(first);
    expect((await listAcceptedAnswers(db, viewerOf(other), answerer.id)).count).toBe(1);
    // The author's own act writes no journal entry.
    expect(await journalCount(db)).toBe(0);

    const resolved = await loadSearchPage(db, viewerOf(other), readSearchRequest(new URLSearchParams({ q: "zorglub statut:resolu" })));
    expect(resolved.hits.map((h) => h.threadId)).toEqual([question.id]);
    expect(resolved.hits[0]!.resolved).toBe(true);
    const open = await loadSearchPage(db, viewerOf(other), readSearchRequest(new URLSearchParams({ q: "zorglub statut:ouvert" })));
    expect(open.hits).toEqual([]);
    // The form control says the same.
    const control = await loadSearchPage(db, viewerOf(other), readSearchRequest(new URLSearchParams({ q: "zorglub", statut: "resolu" })));
    expect(control.hits.map((h) => h.threadId)).toEqual([question.id]);

    // Another reply replaces the first; withdrawing it leaves the question open.
    expect(await setAcceptedAnswer(db, viewerOf(asker), second, true)).toEqual({ ok: true, acceptedPostId: second });
    expect((await listAcceptedAnswers(db, viewerOf(other), answerer.id)).count).toBe(0);
    expect(await setAcceptedAnswer(db, viewerOf(asker), first, false)).toEqual({ ok: true, acceptedPostId: second });
    expect(await setAcceptedAnswer(db, viewerOf(asker), second, false)).toEqual({ ok: true, acceptedPostId: null });
    found = await findThread(db, viewerOf(other), question.id);
    expect(found.status === "found" && found.thread.resolved).toBe(false);
    const nowOpen = await loadSearchPage(db, viewerOf(other), readSearchRequest(new URLSearchParams({ q: "zorglub statut:ouvert" })));
    expect(nowOpen.hits.map((h) => h.threadId)).toEqual([question.id]);
  });

  it("refuses a non-question thread, the question itself, a reply of another thread (by id) and a non-author délégué", async () => {
    const db = current().db;
    const asker = await makeUser(db, "delegate");
    const stranger = await makeUser(db, "delegate");
    const observer = await makeUser(db, "observer");
    const question = await makeThread(db, asker, { kind: "question" });
    const discussion = await makeThread(db, asker, { kind: "discussion" });
    const answer = await reply(db, stranger, question.id, "Une réponse.");
    const inDiscussion = await reply(db, stranger, discussion.id, "Une réponse dans une discussion.");

    expect(await setAcceptedAnswer(db, viewerOf(asker), inDiscussion, true)).toEqual({
      ok: false,
      status: 400,
      message: "Seul un fil de type « Question » peut avoir une réponse acceptée.",
    });
    expect(await setAcceptedAnswer(db, viewerOf(asker), await firstPostOf(db, question.id), true)).toMatchObject({ ok: false, status: 400 });
    expect(await setAcceptedAnswer(db, viewerOf(stranger), answer, true)).toEqual({
      ok: false,
      status: 403,
      message: "Seul l'auteur de la question ou un modérateur peut choisir la réponse.",
    });
    expect(await setAcceptedAnswer(db, viewerOf(observer), answer, true)).toMatchObject({ ok: false, status: 403 });
    expect(await setAcceptedAnswer(db, { ...viewerOf(asker), status: "suspended" }, answer, true)).toMatchObject({ ok: false, status: 403 });
    for (const bad of [0, -1, 1.5, Number.NaN, 99_999_999_999, 999_999]) {
      expect(await setAcceptedAnswer(db, viewerOf(asker), bad, true)).toMatchObject({ ok: false, status: 404 });
    }
    const row = await db.selectFrom("thread").select("accepted_post_id").where("id", "in", [question.id, discussion.id]).execute();
    expect(row.map((r) => r.accepted_post_id)).toEqual([null, null]);
  });

  it("a moderator accepts on someone else's question with exactly one journal entry", async () => {
    const db = current().db;
    const asker = await makeUser(db, "delegate");
    const answerer = await makeUser(db, "delegate");
    const moderator = await makeUser(db, "moderator");
    const question = await makeThread(db, asker, { kind: "question" });
    const answer = await reply(db, answerer, question.id, "La réponse.");
    const before = await journalCount(db);
    expect(await setAcceptedAnswer(db, viewerOf(moderator), answer, true)).toEqual({ ok: true, acceptedPostId: answer });
    expect(await journalCount(db)).toBe(before + 1);
    // Asking again changes nothing and writes nothing.
    expect(await setAcceptedAnswer(db, viewerOf(moderator), answer, true)).toEqual({ ok: true, acceptedPostId: answer });
    expect(await journalCount(db)).toBe(before + 1);
  });
});

describeOnEachDatabase("thread list sorts and mark all read", ({ current }) => {
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

  it("sorts by newest, replies, utile and unanswered first, and pages through each order without overlap", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const other = await makeUser(db, "delegate");
    const viewer = viewerOf(other);
    const topic = await db.insertInto("topic").values({ slug: `tri-${Date.now()}`, name: `Tri ${Date.now()}` }).returning("id").executeTakeFirstOrThrow();
    const tags = await tagIds(db, ["ile-de-france"], ["deploiement"]);
    const make = async (title: string) => makeThread(db, author, { title, collectiviteIds: tags.collectiviteIds, topicIds: [topic.id] });
    const a = await make("Fil A pour les tris");
    const b = await make("Fil B pour les tris");
    const c = await make("Fil C pour les tris");
    const d = await make("Fil D pour les tris");
    // a: 2 replies, b: 1 reply with 2 "utile", c: none, d: none (newest).
    await reply(db, other, a.id, "r1");
    await reply(db, other, a.id, "r2");
    const useful = await reply(db, other, b.id, "utile");
    const third = await makeUser(db, "observer");
    await markUseful(db, viewerOf(author), useful);
    await markUseful(db, viewerOf(third), useful);
    const ids = async (sort: Parameters<typeof listThreads>[2]["sort"], limit = 30) => {
      const all: number[] = [];
      let cursor: string | null = null;
      do {
        const page = await listThreads(db, viewer, { topicId: topic.id, sort }, cursor, limit);
        all.push(...page.threads.map((t) => t.id));
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    };
    expect(await ids("activite")).toEqual([b.id, a.id, d.id, c.id]);
    expect(await ids("nouveaux")).toEqual([d.id, c.id, b.id, a.id]);
    expect(await ids("reponses")).toEqual([a.id, b.id, d.id, c.id]);
    expect(await ids("utiles")).toEqual([b.id, a.id, d.id, c.id]);
    expect(await ids("sans-reponse")).toEqual([d.id, c.id, b.id, a.id]);
    // One thread per page: the keyset cursors walk the same order.
    for (const sort of ["activite", "nouveaux", "reponses", "utiles", "sans-reponse"] as const) {
      expect(await ids(sort, 1), sort).toEqual(await ids(sort));
    }
    const listed = await listThreads(db, viewer, { topicId: topic.id, sort: "utiles" }, null);
    expect(listed.threads[0]!.usefulCount).toBe(2);
    // Three queries per page whatever the order.
    for (const sort of ["nouveaux", "reponses", "utiles", "sans-reponse"] as const) {
      expect(await countQueries((q) => listThreads(q, viewer, { sort }, null, 30))).toBeLessThanOrEqual(3);
    }
  });

  it("a whole list page costs a bounded number of queries whatever its length", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    for (let i = 0; i < 5; i++) await makeThread(db, author);
    const request = new Request("http://localhost/?tri=reponses");
    const query = parseListQuery(new URL(request.url).searchParams);
    const one = await countQueries((q) => loadThreadListPage(q, viewer, query, {}, request));
    for (let i = 0; i < 30; i++) await makeThread(db, author);
    const many = await countQueries((q) => loadThreadListPage(q, viewer, query, {}, request));
    expect(many).toBe(one);
    expect(many).toBeLessThanOrEqual(6);
  });

  it("marks every unread thread of a list read in one statement, and only that list", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const reader = await makeUser(db, "observer");
    const topic = await db.insertInto("topic").values({ slug: `lus-${Date.now()}`, name: `Lus ${Date.now()}` }).returning("id").executeTakeFirstOrThrow();
    const tags = await tagIds(db, ["ile-de-france"], ["deploiement"]);
    const inTopic = await makeThread(db, author, { collectiviteIds: tags.collectiviteIds, topicIds: [topic.id] });
    const outside = await makeThread(db, author);
    await reply(db, author, inTopic.id, "Une réponse non lue.");
    const unread = async (id: number) => {
      const found = await findThread(db, viewerOf(reader), id);
      return found.status === "found" && found.thread.unread;
    };
    expect([await unread(inTopic.id), await unread(outside.id)]).toEqual([true, true]);

    const statements = await countQueries((q) => markListRead(q, viewerOf(reader), { topicId: topic.id }));
    expect(statements).toBe(1);
    expect([await unread(inTopic.id), await unread(outside.id)]).toEqual([false, true]);
    await markListRead(db, viewerOf(reader), {});
    expect(await unread(outside.id)).toBe(false);
    // A new reply makes it unread again.
    await reply(db, author, outside.id, "Encore une.");
    expect(await unread(outside.id)).toBe(true);
    // Visitors mark nothing.
    expect(await markListRead(db, { id: 0, role: "observer", status: "suspended" }, {})).toBe(0);
  });

  it("remembers the compact density for a member, and reads a visitor's cookie", async () => {
    const db = current().db;
    const member = await makeUser(db, "observer");
    const viewer: Viewer = viewerOf(member);
    const plain = new Request("http://localhost/");
    expect(await readDensity(db, plain, viewer)).toBe("normale");
    expect(await saveDensity(db, viewer, "compacte", false)).toBeNull();
    expect(await readDensity(db, plain, viewer)).toBe("compacte");
    const cookie = await saveDensity(db, null, "compacte", true);
    expect(cookie).toContain("densite=compacte");
    expect(cookie).toContain("Secure");
    expect(await readDensity(db, new Request("http://localhost/", { headers: { cookie: "a=b; densite=compacte" } }), null)).toBe("compacte");
    expect(await readDensity(db, plain, null)).toBe("normale");
  });
});

describeOnEachDatabase("server-side drafts", ({ current }) => {
  it("keeps one draft per thread and one for a new thread, lists them, and never shows them to others", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const other = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    expect(await saveDraft(db, viewerOf(author), { threadId: thread.id }, "Premier jet")).toMatchObject({ ok: true });
    expect(await saveDraft(db, viewerOf(author), { threadId: thread.id }, "Second jet")).toMatchObject({ ok: true });
    expect(await saveDraft(db, viewerOf(author), { newThread: true }, "Un nouveau fil")).toMatchObject({ ok: true });
    expect(await saveDraft(db, viewerOf(author), { newThread: true }, "Un nouveau fil, mieux")).toMatchObject({ ok: true });
    expect((await findDraft(db, author.id, { threadId: thread.id }))?.body).toBe("Second jet");
    expect((await findDraft(db, author.id, { newThread: true }))?.body).toBe("Un nouveau fil, mieux");
    expect(await findDraft(db, other.id, { threadId: thread.id })).toBeNull();
    expect(await listDrafts(db, other.id)).toEqual([]);
    const mine = await listDrafts(db, author.id);
    expect(mine.map((d) => d.threadId).sort()).toEqual([thread.id, null].sort());
    expect(mine.every((d) => d.updatedAt instanceof Date)).toBe(true);
    const stored = await db.selectFrom("post_draft").select("id").where("user_id", "=", author.id).execute();
    expect(stored).toHaveLength(2);
    // An empty text removes the draft; so does deleteDraft (publishing).
    await saveDraft(db, viewerOf(author), { newThread: true }, "   ");
    expect(await findDraft(db, author.id, { newThread: true })).toBeNull();
    await deleteDraft(db, author.id, { threadId: thread.id });
    expect(await listDrafts(db, author.id)).toEqual([]);
  });

  it("refuses a draft over the post limit with the limit, and keeps the stored one", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const observer = await makeUser(db, "observer");
    const thread = await makeThread(db, author);
    await saveDraft(db, viewerOf(author), { threadId: thread.id }, "Ce que j'avais écrit");
    const refused = await saveDraft(db, viewerOf(author), { threadId: thread.id }, "x".repeat(BODY_MAX + 1));
    expect(refused).toMatchObject({ ok: false, status: 413 });
    expect(!refused.ok && refused.message).toContain(BODY_MAX.toLocaleString("fr-FR"));
    expect((await findDraft(db, author.id, { threadId: thread.id }))?.body).toBe("Ce que j'avais écrit");
    expect(await saveDraft(db, viewerOf(author), { threadId: thread.id }, "x".repeat(BODY_MAX))).toMatchObject({ ok: true });
    expect(await saveDraft(db, viewerOf(author), { threadId: 999_999 }, "Fil inconnu")).toMatchObject({ ok: false, status: 404 });
    expect(await saveDraft(db, viewerOf(author), { threadId: thread.id }, "nul\u0000")).toMatchObject({ ok: false, status: 400 });
    expect(await saveDraft(db, viewerOf(observer), { threadId: thread.id }, "Observateur")).toMatchObject({ ok: false, status: 403 });
  });

  it("keeps one row when the same draft is saved twice at once", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    await Promise.all([1, 2, 3, 4].map((n) => saveDraft(db, viewerOf(author), { threadId: thread.id }, `Version ${n}`)));
    await Promise.all([1, 2, 3].map((n) => saveDraft(db, viewerOf(author), { newThread: true }, `Nouveau ${n}`)));
    const rows = await db.selectFrom("post_draft").select(["thread_id"]).where("user_id", "=", author.id).execute();
    expect(rows).toHaveLength(2);
  });
});
