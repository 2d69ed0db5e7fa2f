import { Kysely, PostgresDialect, sql } from "kysely";
import { expect, it } from "vitest";

import { POSTS_PER_PAGE } from "../../app/forum/kinds";
import {
  createReply,
  deletePost,
  firstUnreadPost,
  listPostsPage,
  locatePost,
  markRead,
  pageOfPosition,
} from "../../app/forum/posts.server";
import { editPost } from "../../app/forum/post-editing.server";
import { listRevisions } from "../../app/forum/revisions.server";
import { createThread, findThread, setThreadVisibility } from "../../app/forum/threads.server";
import { listThreads } from "../../app/forum/list-threads.server";
import { parseThreadForm } from "../../app/forum/validation";
import type { Database } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, tagIds, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

describeOnEachDatabase("forum threads", ({ current }) => {
  it("create a retour d'expérience with its facts, two collectivités and two thématiques", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const tags = await tagIds(db, ["ile-de-france", "seine-et-marne"], ["deploiement", "formation"]);
    const result = await createThread(db, viewerOf(author), {
      title: "Généralisation de l'ENT dans les collèges",
      kind: "retour",
      body: "## Contexte\n\nNous avons **déployé** l'ENT. <script>alert(1)</script>",
      ...tags,
      report: { collectiviteId: tags.collectiviteIds[0]!, establishments: 120, periodStart: "2023-09", periodEnd: "2024-06" },
    });
    expect(result).toMatchObject({ ok: true, slug: "generalisation-de-l-ent-dans-les-colleges" });
    if (!result.ok) return;
    const found = await findThread(db, viewerOf(author), result.id);
    expect(found.status).toBe("found");
    if (found.status !== "found") return;
    expect(found.thread.collectivites.map((c) => c.slug).sort()).toEqual(["ile-de-france", "seine-et-marne"]);
    expect(found.thread.topics.map((t) => t.slug).sort()).toEqual(["deploiement", "formation"]);
    expect(found.thread.report).toMatchObject({ establishments: 120, periodStart: "2023-09", periodEnd: "2024-06" });
    const [first] = await listPostsPage(db, result.id, 1);
    expect(first?.html).toContain("<strong>déployé</strong>");
    expect(first?.html).not.toContain("<script");
  });

  it("refuse NUL bytes, hidden characters in titles and over-nested Markdown with field messages, not a 500", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const tags = await tagIds(db, ["ile-de-france"], ["deploiement"]);
    // The new-thread action: parse the form, then create.
    const thread = async (input: { title: string; body: string }) => {
      const parsed = parseThreadForm({
        ...input,
        kind: "question",
        collectiviteIds: tags.collectiviteIds.map(String),
        topicIds: tags.topicIds.map(String),
        reportCollectiviteId: "",
        reportEstablishments: "",
        reportPeriodStart: "",
        reportPeriodEnd: "",
      });
      return parsed.ok ? createThread(db, viewerOf(author), parsed.input) : parsed;
    };
    expect(await thread({ title: "Un titre\u0000 correct", body: "Corps" })).toMatchObject({ ok: false, errors: { title: expect.stringMatching(/caractère nul/) } });
    expect(await thread({ title: "Un titre \u202ecorrect", body: "Corps" })).toMatchObject({ ok: false, errors: { title: expect.stringMatching(/sens d'écriture/) } });
    expect(await thread({ title: "Un titre\u200b correct", body: "Corps" })).toMatchObject({ ok: false, errors: { title: expect.stringMatching(/invisible/) } });
    expect(await thread({ title: "Un titre\ncorrect", body: "Corps" })).toMatchObject({ ok: false, errors: { title: expect.stringMatching(/retour à la ligne/) } });
    expect(await thread({ title: "Un titre correct", body: "Corps\u0000" })).toMatchObject({ ok: false, errors: { body: expect.stringMatching(/caractère nul/) } });
    expect(await thread({ title: "Un titre correct", body: ">".repeat(1_800) })).toMatchObject({ ok: false, errors: { body: expect.stringMatching(/imbrique/) } });
    expect(await thread({ title: "Un titre correct", body: "<".repeat(49_000) })).toMatchObject({ ok: false, errors: { body: expect.stringMatching(/mise en forme/) } });

    const made = await thread({ title: "Un titre correct", body: "Corps" });
    if (!made.ok) throw new Error("thread not created");
    expect(await createReply(db, viewerOf(author), made.id, "Réponse\u0000")).toMatchObject({ ok: false, status: 400, errors: { body: expect.stringMatching(/caractère nul/) } });
    expect(await createReply(db, viewerOf(author), made.id, "- ".repeat(2_000))).toMatchObject({ ok: false, status: 400, errors: { body: expect.stringMatching(/imbrique/) } });
    const [first] = await listPostsPage(db, made.id, 1);
    const edit = await editPost(db, viewerOf(author), first!.id, { body: "Corps\u0000", baseVersion: 1, title: "Titre\u0000 modifié" });
    expect(edit).toMatchObject({ ok: false, status: 400, errors: { body: expect.stringMatching(/caractère nul/), title: expect.stringMatching(/caractère nul/) } });
  });

  it("refuse tags that do not exist and authors who may not post", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const bad = await createThread(db, viewerOf(author), { title: "Un titre correct", kind: "question", body: "x", collectiviteIds: [999999], topicIds: [999999], report: null });
    expect(bad).toMatchObject({ ok: false, errors: { collectiviteIds: expect.any(String), topicIds: expect.any(String) } });
    const observer = await makeUser(db, "observer");
    const tags = await tagIds(db, ["ile-de-france"], ["formation"]);
    expect(await createThread(db, viewerOf(observer), { title: "Un titre correct", kind: "question", body: "x", ...tags, report: null })).toMatchObject({ ok: false });
  });

  it("list by latest activity, filter by kind, collectivité and thématique, and paginate with a cursor", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const paris = await tagIds(db, ["ville-de-paris"], ["financement"]);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await makeThread(db, author, { ...paris, kind: i % 2 ? "question" : "discussion", title: `Financement numéro ${i}` }));
    await createReply(db, viewer, made[0]!.id, "Une réponse remonte ce fil.");

    const filtered = await listThreads(db, viewer, { collectiviteId: paris.collectiviteIds[0]!, topicId: paris.topicIds[0]! }, null, 2);
    expect(filtered.threads.map((t) => t.id)).toEqual([made[0]!.id, made[4]!.id]);
    const page2 = await listThreads(db, viewer, { collectiviteId: paris.collectiviteIds[0]!, topicId: paris.topicIds[0]! }, filtered.nextCursor, 2);
    expect(page2.threads.map((t) => t.id)).toEqual([made[3]!.id, made[2]!.id]);
    const page3 = await listThreads(db, viewer, { collectiviteId: paris.collectiviteIds[0]!, topicId: paris.topicIds[0]! }, page2.nextCursor, 2);
    expect(page3.threads.map((t) => t.id)).toEqual([made[1]!.id]);
    expect(page3.nextCursor).toBeNull();

    const questions = await listThreads(db, viewer, { kind: "question", collectiviteId: paris.collectiviteIds[0]! }, null);
    expect(questions.threads.map((t) => t.id).sort()).toEqual([made[1]!.id, made[3]!.id].sort());
    expect(questions.threads[0]?.collectivites).toEqual([{ slug: "ville-de-paris", name: "Ville de Paris" }]);
  });

  it("show visitors public threads only, and moderators choose what is public", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const moderator = await makeUser(db, "moderator");
    const members = await makeThread(db, author, { title: "Réservé aux membres seulement" });
    const opened = await makeThread(db, author, { title: "Ouvert au public bientôt" });
    expect(await setThreadVisibility(db, viewerOf(author), opened.id, "public")).toBe(false);
    expect(await setThreadVisibility(db, viewerOf(moderator), opened.id, "public")).toBe(true);
    const anonymous = await listThreads(db, null, {}, null, 100);
    expect(anonymous.threads.map((t) => t.id)).toContain(opened.id);
    expect(anonymous.threads.every((t) => t.visibility === "public")).toBe(true);
    expect((await findThread(db, null, members.id)).status).toBe("members-only");
    expect((await findThread(db, null, 987654)).status).toBe("missing");
    expect((await findThread(db, null, opened.id)).status).toBe("found");
  });
});

describeOnEachDatabase("forum posts", ({ current }) => {
  it("reply in order, refuse a locked thread, and keep permalinks across pages", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const other = await makeUser(db, "moderator");
    const thread = await makeThread(db, author);
    const results = [];
    for (let i = 0; i < POSTS_PER_PAGE + 2; i++) results.push(await createReply(db, viewerOf(i % 2 ? author : other), thread.id, `Réponse ${i + 2}`));
    expect(results.every((r) => r.ok)).toBe(true);
    const last = results.at(-1)!;
    expect(last).toMatchObject({ ok: true, position: POSTS_PER_PAGE + 3 });
    if (!last.ok) return;
    expect(pageOfPosition(last.position)).toBe(2);
    const page2 = await listPostsPage(db, thread.id, 2);
    expect(page2.map((p) => p.position)).toEqual([51, 52, 53]);
    expect((await listPostsPage(db, thread.id, 1))).toHaveLength(POSTS_PER_PAGE);
    expect(await locatePost(db, last.postId)).toMatchObject({ threadId: thread.id, position: 53 });
    const summary = await findThread(db, viewerOf(author), thread.id);
    expect(summary.status === "found" && summary.thread.replyCount).toBe(52);

    await db.updateTable("thread").set({ locked_at: sql<Date>`now()` }).where("id", "=", thread.id).execute();
    expect(await createReply(db, viewerOf(author), thread.id, "Trop tard")).toMatchObject({ ok: false, status: 409 });
    expect(await createReply(db, viewerOf(author), 999999, "Nulle part")).toMatchObject({ ok: false, status: 404 });
    expect(await createReply(db, viewerOf(author), thread.id, "   ")).toMatchObject({ ok: false, status: 400 });
  });

  it("edit with revisions, detect a concurrent edit, and refuse someone else's post", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const intruder = await makeUser(db, "delegate");
    const thread = await makeThread(db, author, { title: "Titre avant modification", body: "Version un du texte." });
    const [first] = await listPostsPage(db, thread.id, 1);
    const edited = await editPost(db, viewerOf(author), first!.id, { body: "Version deux du texte.", baseVersion: 1, title: "Titre après modification" });
    expect(edited).toMatchObject({ ok: true, slug: "titre-apres-modification" });
    const stale = await editPost(db, viewerOf(author), first!.id, { body: "Écrit depuis un vieil onglet.", baseVersion: 1 });
    expect(stale).toEqual({ ok: false, status: 409, conflict: { markdown: "Version deux du texte.", version: 2 } });
    // Someone else's post, readable: 403 with a message (a post that is not there: 404).
    expect(await editPost(db, viewerOf(intruder), first!.id, { body: "Pirate", baseVersion: 2 })).toMatchObject({ ok: false, status: 403 });
    expect(await editPost(db, viewerOf(intruder), 99999999, { body: "Pirate", baseVersion: 2 })).toMatchObject({ ok: false, status: 404 });
    await editPost(db, viewerOf(author), first!.id, { body: "Version trois du texte.", baseVersion: 2 });
    const revisions = await listRevisions(db, first!.id);
    expect(revisions?.map((r) => [r.version, r.markdown, r.current])).toEqual([
      [1, "Version un du texte.", false],
      [2, "Version deux du texte.", false],
      [3, "Version trois du texte.", true],
    ]);
    const found = await findThread(db, viewerOf(author), thread.id);
    expect(found.status === "found" && found.thread.title).toBe("Titre après modification");
  });

  it("delete softly: the post keeps its place and shows nothing", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const other = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const reply = await createReply(db, viewerOf(author), thread.id, "Message à supprimer");
    if (!reply.ok) throw new Error("reply failed");
    expect(await deletePost(db, viewerOf(other), reply.postId)).toBeNull();
    expect(await deletePost(db, viewerOf(author), reply.postId)).toEqual({ threadDeleted: false });
    expect(await deletePost(db, viewerOf(author), reply.postId)).toBeNull();
    const posts = await listPostsPage(db, thread.id, 1);
    expect(posts.map((p) => [p.position, p.deleted, p.html])).toEqual([
      [1, false, expect.stringContaining("Premier message")],
      [2, true, ""],
    ]);
    expect(await listRevisions(db, reply.postId)).toBeNull();
  });

  it("track what each member has read and find the first unread post", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const reader = await makeUser(db, "observer");
    const thread = await makeThread(db, author);
    const fresh = await listThreads(db, viewerOf(reader), {}, null, 100);
    expect(fresh.threads.find((t) => t.id === thread.id)?.unread).toBe(true);
    await markRead(db, reader.id, thread.id, 1);
    expect((await listThreads(db, viewerOf(reader), {}, null, 100)).threads.find((t) => t.id === thread.id)?.unread).toBe(false);
    const reply = await createReply(db, viewerOf(author), thread.id, "Du nouveau");
    expect((await listThreads(db, viewerOf(reader), {}, null, 100)).threads.find((t) => t.id === thread.id)?.unread).toBe(true);
    expect((await listThreads(db, viewerOf(author), {}, null, 100)).threads.find((t) => t.id === thread.id)?.unread).toBe(false);
    expect(await firstUnreadPost(db, reader.id, thread.id)).toEqual({ id: reply.ok ? reply.postId : -1, position: 2 });
    await markRead(db, reader.id, thread.id, 2);
    await markRead(db, reader.id, thread.id, 1);
    expect(await firstUnreadPost(db, reader.id, thread.id)).toBeUndefined();
  });

  it("link mentions of existing members and leave unknown ones as text", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const mentioned = await makeUser(db, "delegate", { displayName: "Léa Mentionnée" });
    const handle = (await db.selectFrom("app_user").select("handle").where("id", "=", mentioned.id).executeTakeFirstOrThrow()).handle;
    expect(handle).toMatch(/^lea-mentionnee/);
    const thread = await makeThread(db, author, { body: `Merci @${handle} et @personne-inconnue !` });
    const [post] = await listPostsPage(db, thread.id, 1);
    expect(post?.html).toContain(`href="/membres/${mentioned.id}"`);
    expect(post?.html).not.toContain("personne-inconnue</a>");
  });
});

describeOnEachDatabase("forum query counts", ({ current }) => {
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

  it("a list page and a thread page cost the same number of queries whatever their length", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const small = await makeThread(db, author);
    const big = await makeThread(db, author);
    for (let i = 0; i < 49; i++) await createReply(db, viewer, big.id, `Réponse ${i}`);

    const listOne = await countQueries((d) => listThreads(d, viewer, {}, null, 1));
    const listThirty = await countQueries((d) => listThreads(d, viewer, {}, null, 30));
    expect(listThirty).toBe(listOne);
    expect(listThirty).toBeLessThanOrEqual(3);

    const threadPage = async (id: number) =>
      countQueries(async (d) => {
        await findThread(d, viewer, id);
        await listPostsPage(d, id, 1);
      });
    const smallCount = await threadPage(small.id);
    const bigCount = await threadPage(big.id);
    expect(bigCount).toBe(smallCount);
    expect(bigCount).toBeLessThanOrEqual(4);
    expect((await listPostsPage(db, big.id, 1)).length).toBe(50);
  });
});
