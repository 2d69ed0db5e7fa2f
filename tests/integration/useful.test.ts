import { Kysely, PostgresDialect } from "kysely";
import { expect, it } from "vitest";

import { markUseful, unmarkUseful, usefulMarksFor } from "../../app/appreciation/useful.server";
import { createReply, deletePost } from "../../app/forum/posts.server";
import { findMemberProfile } from "../../app/members/profile.server";
import { hidePost } from "../../app/moderation/post-moderation.server";
import type { Database } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

describeOnEachDatabase("utile marks", ({ current }) => {
  async function replyOf(author: Parameters<typeof viewerOf>[0], threadId: number, body: string) {
    const result = await createReply(current().db, viewerOf(author), threadId, body);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.postId;
  }

  async function storedCount(postId: number) {
    const db = current().db;
    const post = await db.selectFrom("post").select("useful_count").where("id", "=", postId).executeTakeFirstOrThrow();
    const marks = await db.selectFrom("useful_mark").select((eb) => eb.fn.countAll<number>().as("n")).where("post_id", "=", postId).executeTakeFirstOrThrow();
    return { column: post.useful_count, rows: Number(marks.n) };
  }

  it("a member marks a post useful once, takes it back, and the names are listed", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const reader = await makeUser(db, "observer");
    const thread = await makeThread(db, author);
    const postId = await replyOf(author, thread.id, "Une réponse utile.");

    expect(await markUseful(db, viewerOf(reader), postId)).toEqual({ ok: true, marked: true, count: 1 });
    expect(await markUseful(db, viewerOf(reader), postId)).toEqual({ ok: true, marked: true, count: 1 });
    const marks = await usefulMarksFor(db, reader.id, [postId]);
    expect(marks[postId]).toEqual({ count: 1, names: [reader.display_name], marked: true });
    expect((await usefulMarksFor(db, author.id, [postId]))[postId]?.marked).toBe(false);

    expect(await unmarkUseful(db, viewerOf(reader), postId)).toEqual({ ok: true, marked: false, count: 0 });
    expect(await unmarkUseful(db, viewerOf(reader), postId)).toEqual({ ok: true, marked: false, count: 0 });
    expect(await usefulMarksFor(db, reader.id, [postId])).toEqual({});
    expect(await storedCount(postId)).toEqual({ column: 0, rows: 0 });
  });

  it("refuses marking one's own post, in French", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const postId = await replyOf(author, thread.id, "Ma propre réponse.");
    expect(await markUseful(db, viewerOf(author), postId)).toEqual({
      ok: false,
      status: 400,
      message: "Vous ne pouvez pas marquer votre propre message comme utile.",
    });
    expect(await storedCount(postId)).toEqual({ column: 0, rows: 0 });
  });

  it("answers 404 for a post the member cannot read, and refuses suspended accounts", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const reader = await makeUser(db, "observer");
    const moderator = await makeUser(db, "moderator");
    const thread = await makeThread(db, author);
    const deleted = await replyOf(author, thread.id, "Réponse qui sera supprimée.");
    const hidden = await replyOf(author, thread.id, "Réponse qui sera masquée.");
    await deletePost(db, viewerOf(author), deleted);
    await hidePost(db, moderator, hidden, "Hors sujet");

    expect(await markUseful(db, viewerOf(reader), deleted)).toMatchObject({ ok: false, status: 404 });
    expect(await markUseful(db, viewerOf(reader), hidden)).toMatchObject({ ok: false, status: 404 });
    expect(await markUseful(db, viewerOf(reader), 999_999)).toMatchObject({ ok: false, status: 404 });
    expect(await markUseful(db, viewerOf(reader), 99_999_999_999)).toMatchObject({ ok: false, status: 404 });
    // Moderators still read hidden posts.
    expect(await markUseful(db, viewerOf(moderator), hidden)).toMatchObject({ ok: true, count: 1 });
    expect(await markUseful(db, { ...viewerOf(reader), status: "suspended" }, hidden)).toMatchObject({ ok: false, status: 403 });
  });

  it("keeps the count right when several members, and one member three times, click at once", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const postId = await replyOf(author, thread.id, "Réponse très demandée.");
    const members = await Promise.all([1, 2, 3, 4, 5].map(() => makeUser(db, "observer")));

    await Promise.all(members.map((m) => markUseful(db, viewerOf(m), postId)));
    expect(await storedCount(postId)).toEqual({ column: 5, rows: 5 });

    const other = await makeThread(db, author);
    const single = await replyOf(author, other.id, "Autre réponse.");
    const clicker = members[0]!;
    await Promise.all([1, 2, 3].map(() => markUseful(db, viewerOf(clicker), single)));
    expect(await storedCount(single)).toEqual({ column: 1, rows: 1 });

    await Promise.all([
      ...members.slice(0, 3).map((m) => unmarkUseful(db, viewerOf(m), postId)),
      unmarkUseful(db, viewerOf(members[0]!), postId),
    ]);
    expect(await storedCount(postId)).toEqual({ column: 2, rows: 2 });
    // The database refuses a second mark by the same member even without the application's check.
    await expect(db.insertInto("useful_mark").values({ post_id: postId, user_id: members[4]!.id }).execute()).rejects.toThrow(
      /unique|duplicate/i,
    );
  });

  it("loads the marks of a page's posts in one query, whatever their number", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const few = [await replyOf(author, thread.id, "Une.")];
    const many: number[] = [];
    for (let i = 0; i < 6; i++) many.push(await replyOf(author, thread.id, `Réponse ${i}`));
    const members = await Promise.all([1, 2, 3].map(() => makeUser(db, "observer")));
    for (const p of many) for (const m of members) await markUseful(db, viewerOf(m), p);

    let count = 0;
    const counting = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: current().handle.pool }),
      log: (event) => {
        if (event.level === "query") count++;
      },
    });
    await usefulMarksFor(counting, members[0]!.id, few);
    const forFew = count;
    count = 0;
    const marks = await usefulMarksFor(counting, members[0]!.id, many);
    expect(count).toBe(forFew);
    expect(count).toBe(1);
    expect(Object.values(marks).map((m) => m.count)).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it("a member's profile counts the marks received on the posts the viewer may read", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const moderator = await makeUser(db, "moderator");
    const readers = await Promise.all([1, 2].map(() => makeUser(db, "observer")));
    const thread = await makeThread(db, author);
    const opening = (await db.selectFrom("post").select("id").where("thread_id", "=", thread.id).executeTakeFirstOrThrow()).id;
    const kept = await replyOf(author, thread.id, "Réponse gardée.");
    const hidden = await replyOf(author, thread.id, "Réponse masquée ensuite.");
    for (const r of readers) {
      await markUseful(db, viewerOf(r), opening);
      await markUseful(db, viewerOf(r), kept);
      await markUseful(db, viewerOf(r), hidden);
    }
    expect((await findMemberProfile(db, viewerOf(readers[0]!), author.id))?.usefulReceived).toBe(6);
    await hidePost(db, moderator, hidden, "Hors sujet");
    expect((await findMemberProfile(db, viewerOf(readers[0]!), author.id))?.usefulReceived).toBe(4);
    expect((await findMemberProfile(db, viewerOf(author), readers[0]!.id))?.usefulReceived).toBe(0);
  });
});
