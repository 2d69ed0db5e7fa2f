import { sql, type Kysely } from "kysely";
import { expect, it } from "vitest";

import { parseJournalQuery } from "../../app/audit/journal-query";
import { loadJournalPage } from "../../app/audit/journal.server";
import { editPost } from "../../app/forum/post-editing.server";
import { createReply, firstUnreadPost, locatePost, markRead } from "../../app/forum/posts.server";
import { requireReadableThread } from "../../app/forum/thread-page.server";
import { hidePost } from "../../app/moderation/post-moderation.server";
import { parseMoveForm } from "../../app/moderation/thread-move-form";
import {
  foreignPostMessage,
  governanceHistoryMessage,
  governanceMergeMessage,
  missingTargetMessage,
  openingPostMessage,
  sameThreadMessage,
} from "../../app/moderation/thread-move-checks.server";
import { mergeThread, movePosts } from "../../app/moderation/thread-moves.server";
import { setWatchLevel } from "../../app/notifications/watch.server";
import { readSearchRequest } from "../../app/search/search-params";
import { loadSearchPage } from "../../app/search/search-page.server";
import { changeStatus } from "../../app/governance/proposals.server";
import type { Database, User } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, tagIds, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

/** Issue 9, item 4: split and merge. */

type Db = Kysely<Database>;

async function lastJournalId(db: Db): Promise<number> {
  const row = await db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return Number(row?.id ?? 0);
}

async function journalSince(db: Db, since: number) {
  return db.selectFrom("audit_log").selectAll().where("id", ">", since).orderBy("id").execute();
}

async function searchThreads(db: Db, user: User, q: string): Promise<number[]> {
  const page = await loadSearchPage(db, viewerOf(user), readSearchRequest(new URLSearchParams({ q })));
  return page.hits.map((h) => h.threadId);
}

async function reply(db: Db, author: User, threadId: number, body: string, at: string): Promise<number> {
  const result = await createReply(db, viewerOf(author), threadId, body);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  await db.updateTable("post").set({ created_at: at }).where("id", "=", result.postId).execute();
  return result.postId;
}

/** The thread's posts in order: [id, position]. */
async function postsOf(db: Db, threadId: number): Promise<[number, number][]> {
  const rows = await db.selectFrom("post").select(["id", "position"]).where("thread_id", "=", threadId).orderBy("position").execute();
  return rows.map((r) => [r.id, r.position]);
}

async function threadRow(db: Db, id: number) {
  return db.selectFrom("thread").select(["reply_count", "last_post_id", "last_activity_at", "curation_version", "kind", "visibility", "author_id", "title", "slug"]).where("id", "=", id).executeTakeFirst();
}

async function version(db: Db, id: number): Promise<number> {
  return (await threadRow(db, id))!.curation_version;
}

async function readMark(db: Db, userId: number, threadId: number): Promise<number | null> {
  const row = await db.selectFrom("thread_read").select("last_read_position").where("user_id", "=", userId).where("thread_id", "=", threadId).executeTakeFirst();
  return row?.last_read_position ?? null;
}

/** A thread whose opening post and replies have the given dates (ISO strings), in order. */
async function datedThread(db: Db, author: User, title: string, dates: string[], words: string[] = []) {
  const thread = await makeThread(db, author, { title });
  const opening = (await postsOf(db, thread.id))[0]![0];
  await db.updateTable("post").set({ created_at: dates[0]! }).where("id", "=", opening).execute();
  const ids = [opening];
  for (let i = 1; i < dates.length; i++) ids.push(await reply(db, author, thread.id, `Réponse ${i} ${words[i] ?? ""}`.trim(), dates[i]!));
  await db.updateTable("thread").set({ last_activity_at: dates.at(-1)!, created_at: dates[0]! }).where("id", "=", thread.id).execute();
  return { ...thread, ids };
}

const day = (n: number) => `2026-03-${String(n).padStart(2, "0")}T10:00:00Z`;

describeOnEachDatabase("moderation: split and merge", ({ current }) => {
  it("moves two posts to a new thread: dense positions, counts, tags, permalinks, revisions, search, read marks, one entry", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const reader = await makeUser(db, "observer");
    const tags = await tagIds(db, ["seine-et-marne"], ["formation"]);
    const source = await datedThread(db, author, "Le fil qui part dans deux directions", [day(1), day(2), day(3), day(4), day(5), day(6)], ["", "", "ornithorynque", "", "pangolin", ""]);
    await db.deleteFrom("thread_collectivite").where("thread_id", "=", source.id).execute();
    await db.insertInto("thread_collectivite").values({ thread_id: source.id, collectivite_id: tags.collectiviteIds[0]! }).execute();
    const [p1, p2, p3, p4, p5, p6] = source.ids as [number, number, number, number, number, number];
    // A revision of a post that moves.
    const edited = await editPost(db, viewerOf(author), p3, { body: "Réponse 2 ornithorynque, corrigée", baseVersion: 1 });
    expect(edited.ok).toBe(true);
    await markRead(db, reader.id, source.id, 4);
    await markRead(db, author.id, source.id, 6);

    const request = parseMoveForm({ mode: "nouveau", target: "", title: "Les ornithorynques à part", postIds: [String(p5), String(p3)] });
    expect(request.ok).toBe(true);
    if (!request.ok) return;
    const since = await lastJournalId(db);
    const versions = { source: await version(db, source.id), target: null };
    // The confirmation step changes nothing.
    const plan = await movePosts(db, viewerOf(moderator), source.id, request.request, versions, false);
    expect(plan).toMatchObject({ ok: true, done: false, plan: { postCount: 2, target: { isNew: true, title: "Les ornithorynques à part" } } });
    expect(await postsOf(db, source.id)).toHaveLength(6);
    expect(await journalSince(db, since)).toHaveLength(0);

    const done = await movePosts(db, viewerOf(moderator), source.id, request.request, versions, true);
    expect(done).toMatchObject({ ok: true, done: true, firstPostId: p3 });
    if (!done.ok || !done.done) return;
    const target = done.target.id;
    expect(await postsOf(db, source.id)).toEqual([[p1, 1], [p2, 2], [p4, 3], [p6, 4]]);
    expect(await postsOf(db, target)).toEqual([[p3, 1], [p5, 2]]);
    expect(await threadRow(db, source.id)).toMatchObject({ reply_count: 3, last_post_id: p6 });
    const created = await threadRow(db, target);
    expect(created).toMatchObject({ reply_count: 1, last_post_id: p5, kind: "discussion", visibility: "members", author_id: author.id, slug: "les-ornithorynques-a-part" });
    expect(new Date(created!.last_activity_at).toISOString()).toBe(new Date(day(5)).toISOString());
    const newTags = await db.selectFrom("thread_collectivite").select("collectivite_id").where("thread_id", "=", target).execute();
    expect(newTags.map((t) => t.collectivite_id)).toEqual(tags.collectiviteIds);
    expect(await locatePost(db, p5)).toMatchObject({ threadId: target, position: 2 });
    expect(await locatePost(db, p6)).toMatchObject({ threadId: source.id, position: 4 });
    const revisions = await db.selectFrom("post_revision").select("post_id").where("post_id", "=", p3).execute();
    expect(revisions).toHaveLength(1);
    expect(await searchThreads(db, reader, "ornithorynque")).toEqual([target]);
    expect(await searchThreads(db, reader, "pangolin")).toEqual([target]);
    // Read marks point at the same posts: the reader had read up to p4.
    expect(await readMark(db, reader.id, source.id)).toBe(3);
    expect(await readMark(db, reader.id, target)).toBe(1);
    expect(await firstUnreadPost(db, reader.id, target)).toMatchObject({ id: p5 });
    expect(await firstUnreadPost(db, reader.id, source.id)).toMatchObject({ id: p6 });
    expect(await readMark(db, author.id, source.id)).toBe(4);
    expect(await readMark(db, author.id, target)).toBe(2);
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([["thread.posts_moved", moderator.id]]);
    expect(entries[0]!.details).toMatchObject({ threadId: source.id, targetThreadId: target, newThread: true, postIds: [p3, p5].sort((a, b) => a - b), positions: [3, 5] });
  });

  it("moves posts into an existing thread, interleaved by date after its opening post; read marks neither reopen old posts nor skip new ones", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const early = await makeUser(db, "observer");
    const late = await makeUser(db, "observer");
    const sourceReader = await makeUser(db, "observer");
    const target = await datedThread(db, author, "Le fil qui reçoit des messages", [day(10), day(12), day(14)]);
    const source = await datedThread(db, author, "Le fil qui donne des messages", [day(1), day(5), day(13), day(15)]);
    const [t1, t2, t3] = target.ids as [number, number, number];
    const [s1, s2, s3, s4] = source.ids as [number, number, number, number];
    await markRead(db, early.id, target.id, 2); // read t1, t2 (day 12)
    await markRead(db, late.id, target.id, 3); // read everything (day 14)
    await markRead(db, sourceReader.id, source.id, 4);
    const versions = { source: await version(db, source.id), target: await version(db, target.id) };
    const done = await movePosts(db, viewerOf(moderator), source.id, { postIds: [s2, s3, s4], target: { kind: "existing", threadId: target.id } }, versions, true);
    expect(done).toMatchObject({ ok: true, done: true });
    // The opening post stays first, even though s2 (day 5) is older.
    expect(await postsOf(db, target.id)).toEqual([[t1, 1], [s2, 2], [t2, 3], [s3, 4], [t3, 5], [s4, 6]]);
    expect(await postsOf(db, source.id)).toEqual([[s1, 1]]);
    expect(await threadRow(db, target.id)).toMatchObject({ reply_count: 5, last_post_id: s4 });
    expect(await threadRow(db, source.id)).toMatchObject({ reply_count: 0, last_post_id: s1 });
    expect(new Date((await threadRow(db, source.id))!.last_activity_at).toISOString()).toBe(new Date(day(1)).toISOString());
    // "early" had read up to t2: s2 (older) counts as read, s3 (newer) is the first unread.
    expect(await readMark(db, early.id, target.id)).toBe(3);
    expect(await firstUnreadPost(db, early.id, target.id)).toMatchObject({ id: s3 });
    // "late" had read up to t3: only s4, newer than anything read, is unread.
    expect(await readMark(db, late.id, target.id)).toBe(5);
    expect(await firstUnreadPost(db, late.id, target.id)).toMatchObject({ id: s4 });
    // The source's readers keep no mark in a target they never opened.
    expect(await readMark(db, sourceReader.id, target.id)).toBeNull();
    expect(await readMark(db, sourceReader.id, source.id)).toBe(1);
  });

  it("merges a thread: every post moves, watchers follow without duplicates, notifications follow, the old address answers 301, read marks take the lower", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const both = await makeUser(db, "delegate");
    const onlySource = await makeUser(db, "observer");
    const ignorer = await makeUser(db, "observer");
    const target = await datedThread(db, author, "La cible de la fusion des fils", [day(1), day(3), day(5)]);
    const source = await datedThread(db, author, "Le doublon de la fusion des fils", [day(2), day(4), day(6)], ["", "tamanoir", ""]);
    const [t1, t2, t3] = target.ids as [number, number, number];
    const [s1, s2, s3] = source.ids as [number, number, number];
    await setWatchLevel(db, viewerOf(both), "thread", source.id, "watching");
    await setWatchLevel(db, viewerOf(both), "thread", target.id, "watching");
    await setWatchLevel(db, viewerOf(onlySource), "thread", source.id, "watching");
    await setWatchLevel(db, viewerOf(ignorer), "thread", source.id, "ignoring");
    await markRead(db, both.id, target.id, 3); // read t3 (day 5)
    await markRead(db, both.id, source.id, 1); // read s1 (day 2)
    await markRead(db, onlySource.id, source.id, 2); // read s2 (day 4)
    // A notification about a post of the source.
    await db.insertInto("notification").values({ recipient_id: onlySource.id, kind: "watched_thread", thread_id: source.id, post_id: s3, actor_id: author.id }).execute();
    const since = await lastJournalId(db);
    const versions = { source: await version(db, source.id), target: await version(db, target.id) };
    const plan = await mergeThread(db, viewerOf(moderator), source.id, target.id, versions, false);
    expect(plan).toMatchObject({ ok: true, done: false, plan: { postCount: 3 } });
    const done = await mergeThread(db, viewerOf(moderator), source.id, target.id, versions, true);
    expect(done).toMatchObject({ ok: true, done: true, target: { id: target.id } });

    expect(await postsOf(db, target.id)).toEqual([[t1, 1], [s1, 2], [t2, 3], [s2, 4], [t3, 5], [s3, 6]]);
    expect(await threadRow(db, source.id)).toBeUndefined();
    expect(await threadRow(db, target.id)).toMatchObject({ reply_count: 5, last_post_id: s3 });
    expect(await locatePost(db, s2)).toMatchObject({ threadId: target.id, position: 4 });
    expect(await searchThreads(db, author, "tamanoir")).toEqual([target.id]);
    const watchers = await db.selectFrom("thread_watch").select(["user_id", "level"]).where("thread_id", "=", target.id).orderBy("user_id").execute();
    expect(watchers.filter((w) => [both.id, onlySource.id, ignorer.id].includes(w.user_id))).toEqual(
      [
        { user_id: both.id, level: "watching" },
        { user_id: onlySource.id, level: "watching" },
      ].sort((a, b) => a.user_id - b.user_id),
    );
    const notification = await db.selectFrom("notification").select("thread_id").where("post_id", "=", s3).executeTakeFirstOrThrow();
    expect(notification.thread_id).toBe(target.id);
    // "both": t3 → 5 and s1 → 2: the lower, so s2 (unread in the source) is not skipped.
    expect(await readMark(db, both.id, target.id)).toBe(2);
    // "onlySource": s2 → 4.
    expect(await readMark(db, onlySource.id, target.id)).toBe(4);
    expect(await firstUnreadPost(db, onlySource.id, target.id)).toMatchObject({ id: t3 });

    // The old address answers 301 to the target, keeping what follows the reference.
    const oldUrl = `http://localhost/fils/${source.id}-${source.slug}/etiquettes?page=2`;
    const thrown = await requireReadableThread(db, new Request(oldUrl), { ...viewerOf(author) } as never, `${source.id}-${source.slug}`).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(301);
    expect((thrown as Response).headers.get("Location")).toBe(`/fils/${target.id}-${target.slug}/etiquettes`);

    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([["thread.merged", moderator.id]]);
    expect(entries[0]!.details).toMatchObject({ threadId: source.id, targetThreadId: target.id, postCount: 3, title: "Le doublon de la fusion des fils" });
    // The journal finds the act by either thread, and links to both.
    for (const fil of [source.id, target.id]) {
      const query = parseJournalQuery(new URLSearchParams({ fil: String(fil), action: "thread.merged" }));
      const journal = query.ok ? await loadJournalPage(db, viewerOf(moderator), query.filters) : null;
      expect(journal?.ok && journal.page.entries.map((e) => [e.id, e.links.map((l) => l.to)])).toEqual([[entries[0]!.id, [`/fils/${source.id}`, `/fils/${target.id}`]]]);
    }

    // Merging the target in turn: the first address now leads to the last thread (no chain).
    const last = await makeThread(db, author, { title: "La destination finale des fils" });
    const again = await mergeThread(db, viewerOf(moderator), target.id, last.id, { source: await version(db, target.id), target: null }, true);
    expect(again).toMatchObject({ ok: true, done: true });
    const redirects = await db.selectFrom("thread_redirect").select(["old_thread_id", "target_thread_id"]).where("old_thread_id", "in", [source.id, target.id]).orderBy("old_thread_id").execute();
    expect(redirects.map((r) => r.target_thread_id)).toEqual([last.id, last.id]);
    // Naming a merged thread as a target means the thread it went into.
    const other = await makeThread(db, author, { title: "Encore un autre fil de test" });
    const intoOld = await mergeThread(db, viewerOf(moderator), other.id, source.id, { source: await version(db, other.id), target: null }, false);
    expect(intoOld).toMatchObject({ ok: true, done: false, plan: { target: { id: last.id } } });
    const cycle = await mergeThread(db, viewerOf(moderator), last.id, source.id, { source: await version(db, last.id), target: null }, false);
    expect(cycle).toMatchObject({ ok: false, status: 400, errors: { target: sameThreadMessage } });
  });

  it("a hidden post moves without re-entering search; a members-only post moving to a public thread is flagged before confirming", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const source = await datedThread(db, author, "Un fil avec un message masqué", [day(1), day(2)], ["", "wombat"]);
    const target = await datedThread(db, author, "Un fil public qui reçoit", [day(3)]);
    await db.updateTable("thread").set({ visibility: "public" }).where("id", "=", target.id).execute();
    const hidden = await hidePost(db, viewerOf(moderator), source.ids[1]!, "Hors charte");
    expect(hidden.ok).toBe(true);
    expect(await searchThreads(db, moderator, "wombat")).toEqual([]);
    const versions = { source: await version(db, source.id), target: null };
    const plan = await movePosts(db, viewerOf(moderator), source.id, { postIds: [source.ids[1]!], target: { kind: "existing", threadId: target.id } }, versions, false);
    expect(plan.ok && !plan.done && plan.plan.warnings[0]).toMatch(/deviendront visibles de tous/);
    expect((await movePosts(db, viewerOf(moderator), source.id, { postIds: [source.ids[1]!], target: { kind: "existing", threadId: target.id } }, versions, true)).ok).toBe(true);
    expect(await searchThreads(db, moderator, "wombat")).toEqual([]);
    const row = await db.selectFrom("post").select(["thread_id", "hidden_at", "public_thread"]).where("id", "=", source.ids[1]!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ thread_id: target.id, public_thread: true });
    expect(row.hidden_at).not.toBeNull();
  });

  it("refuses bad moves with a French message and changes nothing", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const source = await datedThread(db, author, "Un fil que l'on tente de couper", [day(1), day(2), day(3)]);
    const other = await datedThread(db, author, "Un autre fil sans rapport", [day(1), day(2)]);
    const gone = await makeThread(db, author, { title: "Un fil supprimé depuis" });
    await db.updateTable("thread").set({ deleted_at: sql<Date>`now()` }).where("id", "=", gone.id).execute();
    const v = { source: await version(db, source.id), target: null };
    const me = viewerOf(moderator);
    const existing = (threadId: number) => ({ kind: "existing" as const, threadId });
    const since = await lastJournalId(db);

    expect(await movePosts(db, me, source.id, { postIds: [source.ids[1]!], target: existing(source.id) }, v, true)).toMatchObject({ status: 400, errors: { target: sameThreadMessage } });
    expect(await movePosts(db, me, source.id, { postIds: [source.ids[1]!], target: existing(gone.id) }, v, true)).toMatchObject({ status: 400, errors: { target: missingTargetMessage } });
    expect(await movePosts(db, me, source.id, { postIds: [source.ids[1]!], target: existing(2_000_000_000) }, v, true)).toMatchObject({ status: 400, errors: { target: missingTargetMessage } });
    expect(await movePosts(db, me, source.id, { postIds: [other.ids[1]!], target: existing(other.id) }, v, true)).toMatchObject({ status: 400, errors: { postIds: foreignPostMessage } });
    expect(await movePosts(db, me, source.id, { postIds: [source.ids[1]!, other.ids[1]!], target: existing(other.id) }, v, true)).toMatchObject({ status: 400, errors: { postIds: foreignPostMessage } });
    expect(await movePosts(db, me, source.id, { postIds: [source.ids[0]!], target: existing(other.id) }, v, true)).toMatchObject({ status: 400, errors: { postIds: openingPostMessage } });
    expect(await movePosts(db, me, source.id, { postIds: [source.ids[1]!], target: existing(other.id) }, { source: v.source - 1, target: null }, true)).toMatchObject({ status: 409 });
    expect(await movePosts(db, me, 2_000_000_000, { postIds: [source.ids[1]!], target: existing(other.id) }, v, true)).toMatchObject({ status: 404 });
    expect(await mergeThread(db, me, source.id, source.id, v, true)).toMatchObject({ status: 400, errors: { target: sameThreadMessage } });
    expect(await mergeThread(db, me, source.id, gone.id, v, true)).toMatchObject({ status: 400, errors: { target: missingTargetMessage } });
    // Form parsing: nothing selected, hostile ids, no target.
    expect(parseMoveForm({ mode: "existant", target: String(other.id), title: "", postIds: [] })).toMatchObject({ ok: false, errors: { postIds: "Choisissez au moins un message à déplacer." } });
    expect(parseMoveForm({ mode: "existant", target: String(other.id), title: "", postIds: ["1\u0000", "99999999999999"] })).toMatchObject({ ok: false, errors: { postIds: expect.any(String) } });
    expect(parseMoveForm({ mode: "existant", target: "n'importe quoi", title: "", postIds: ["3"] })).toMatchObject({ ok: false, errors: { target: expect.stringContaining("référence") } });
    expect(parseMoveForm({ mode: "nouveau", target: "", title: "x\u0000", postIds: ["3"] })).toMatchObject({ ok: false, errors: { title: expect.any(String) } });

    expect(await postsOf(db, source.id)).toEqual(source.ids.map((id, i) => [id, i + 1]));
    expect(await journalSince(db, since)).toHaveLength(0);
  });

  it("a governance thread merges only into another governance thread, and not once it has a history", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const proposal = await makeThread(db, author, { title: "Une proposition de gouvernance", kind: "gouvernance" });
    const discussion = await makeThread(db, author, { title: "Une simple discussion ouverte" });
    const other = await makeThread(db, author, { title: "Une autre proposition proche", kind: "gouvernance" });
    const v = async (id: number) => ({ source: await version(db, id), target: null });
    expect(await mergeThread(db, viewerOf(moderator), proposal.id, discussion.id, await v(proposal.id), true)).toMatchObject({ status: 400, errors: { target: governanceMergeMessage } });
    const changed = await changeStatus(db, viewerOf(moderator), proposal.id, { to: "discussion", from: "proposition", comment: null, decision: null });
    expect(changed).toMatchObject({ ok: true });
    expect(await mergeThread(db, viewerOf(moderator), proposal.id, other.id, await v(proposal.id), true)).toMatchObject({ status: 400, errors: { form: governanceHistoryMessage } });
    // A discussion may merge into a proposal.
    expect(await mergeThread(db, viewerOf(moderator), discussion.id, other.id, await v(discussion.id), true)).toMatchObject({ ok: true, done: true });
  });

  it("a délégué (and an observer) is refused: 403, journaled once, nothing moves", async () => {
    const db = current().db;
    const delegate = await makeUser(db, "delegate");
    const source = await datedThread(db, delegate, "Le fil du délégué curieux", [day(1), day(2)]);
    const other = await makeThread(db, delegate, { title: "Un autre fil du délégué" });
    const since = await lastJournalId(db);
    const v = { source: await version(db, source.id), target: null };
    expect(await movePosts(db, viewerOf(delegate), source.id, { postIds: [source.ids[1]!], target: { kind: "new", title: "Un titre de nouveau fil" } }, v, true)).toMatchObject({ ok: false, status: 403 });
    expect(await mergeThread(db, viewerOf(delegate), source.id, other.id, v, true)).toMatchObject({ ok: false, status: 403 });
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, (e.details as { act?: string }).act])).toEqual([
      ["moderation.refused", "thread.split"],
      ["moderation.refused", "thread.merge"],
    ]);
    expect(await postsOf(db, source.id)).toHaveLength(2);
  });
});
