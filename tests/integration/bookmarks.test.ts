import { sql } from "kysely";
import { expect, it } from "vitest";

import { NOTE_MAX } from "../../app/bookmarks/bookmark-form";
import { addBookmark, bookmarkedPostIds, listBookmarks, removeBookmark, updateBookmark } from "../../app/bookmarks/bookmarks.server";
import { createReply, deletePost } from "../../app/forum/posts.server";
import { hidePost } from "../../app/moderation/post-moderation.server";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

describeOnEachDatabase("bookmarks", ({ current }) => {
  async function replyOf(authorId: Parameters<typeof viewerOf>[0], threadId: number, body: string) {
    const result = await createReply(current().db, viewerOf(authorId), threadId, body);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.postId;
  }

  it("an observer bookmarks a post once, with a note and a reminder, and sees it listed", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const reader = await makeUser(db, "observer");
    const thread = await makeThread(db, author, { body: "Le **bilan** du déploiement dans les lycées." });
    const postId = (await db.selectFrom("post").select("id").where("thread_id", "=", thread.id).executeTakeFirstOrThrow()).id;

    expect(await addBookmark(db, viewerOf(reader), postId, { note: "À relire avant le comité", remindOn: "2030-01-15" })).toEqual({
      ok: true,
      bookmarked: true,
    });
    // Twice, or two clicks at once: still one bookmark (unique (member, post)), the note kept.
    await Promise.all([addBookmark(db, viewerOf(reader), postId), addBookmark(db, viewerOf(reader), postId)]);
    const count = await db.selectFrom("bookmark").select(sql<number>`count(*)`.as("n")).where("user_id", "=", reader.id).executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
    await expect(
      db.insertInto("bookmark").values({ user_id: reader.id, post_id: postId }).execute(),
    ).rejects.toThrow(/unique|duplicate/i);

    const { bookmarks } = await listBookmarks(db, viewerOf(reader));
    expect(bookmarks).toHaveLength(1);
    expect(bookmarks[0]).toMatchObject({
      postId,
      note: "À relire avant le comité",
      remindOn: "2030-01-15",
      due: false,
      post: { threadId: thread.id, authorName: author.display_name, excerpt: "Le bilan du déploiement dans les lycées." },
    });
    expect(await bookmarkedPostIds(db, reader.id, [postId, postId + 1000])).toEqual([postId]);
    // Private: another member sees none of it.
    const other = await makeUser(db, "observer");
    expect((await listBookmarks(db, viewerOf(other))).bookmarks).toEqual([]);
    expect(await bookmarkedPostIds(db, other.id, [postId])).toEqual([]);
  });

  it("lists due reminders first, then newest first", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const reader = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const first = await replyOf(author, thread.id, "Première réponse");
    const second = await replyOf(author, thread.id, "Deuxième réponse");
    const third = await replyOf(author, thread.id, "Troisième réponse");
    await addBookmark(db, viewerOf(reader), first, { note: "", remindOn: "2020-03-01" });
    await addBookmark(db, viewerOf(reader), second);
    await addBookmark(db, viewerOf(reader), third, { note: "", remindOn: "2099-01-01" });
    await db.updateTable("bookmark").set({ created_at: sql<Date>`now() - interval '2 days'` }).where("post_id", "=", first).execute();
    await db.updateTable("bookmark").set({ created_at: sql<Date>`now() - interval '1 day'` }).where("post_id", "=", second).execute();

    const { bookmarks } = await listBookmarks(db, viewerOf(reader));
    expect(bookmarks.map((b) => [b.postId, b.due])).toEqual([
      [first, true],
      [third, false],
      [second, false],
    ]);
  });

  it("shows a bookmark of a post the member can no longer read as unavailable, without its text", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const reader = await makeUser(db, "observer");
    const thread = await makeThread(db, author);
    const postId = await replyOf(author, thread.id, "Un texte confidentiel que son auteur retirera.");
    await addBookmark(db, viewerOf(reader), postId, { note: "Ma note", remindOn: "" });
    expect(await deletePost(db, viewerOf(author), postId)).toEqual({ threadDeleted: false });

    const { bookmarks } = await listBookmarks(db, viewerOf(reader));
    expect(bookmarks).toHaveLength(1);
    expect(bookmarks[0]).toMatchObject({ postId, note: "Ma note", post: null });
    expect(JSON.stringify(bookmarks)).not.toContain("confidentiel");
    // It cannot be bookmarked again either, but can still be removed.
    const other = await makeUser(db, "observer");
    expect(await addBookmark(db, viewerOf(other), postId)).toMatchObject({ ok: false, status: 404 });
    expect(await removeBookmark(db, viewerOf(reader), postId)).toEqual({ ok: true, bookmarked: false });
    expect((await listBookmarks(db, viewerOf(reader))).bookmarks).toEqual([]);
  });

  it("shows a bookmark of a post hidden by moderation as unavailable to members, not to moderators", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const reader = await makeUser(db, "observer");
    const moderator = await makeUser(db, "moderator");
    const thread = await makeThread(db, author);
    const postId = await replyOf(author, thread.id, "Un texte que la modération masquera.");
    await addBookmark(db, viewerOf(reader), postId, { note: "", remindOn: "" });
    await addBookmark(db, viewerOf(moderator), postId, { note: "", remindOn: "" });
    expect(await hidePost(db, moderator, postId, "Données personnelles")).toMatchObject({ ok: true });
    const forReader = (await listBookmarks(db, viewerOf(reader))).bookmarks;
    expect(forReader[0]).toMatchObject({ postId, post: null });
    expect(JSON.stringify(forReader)).not.toContain("masquera");
    expect((await listBookmarks(db, viewerOf(moderator))).bookmarks[0]?.post).not.toBeNull();
  });

  it("refuses a note over the limit with a French message, and an unknown post with 404", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const reader = await makeUser(db, "observer");
    const thread = await makeThread(db, author);
    const postId = await replyOf(author, thread.id, "Réponse à garder");
    const tooLong = "n".repeat(NOTE_MAX + 1);
    expect(await addBookmark(db, viewerOf(reader), postId, { note: tooLong, remindOn: "" })).toEqual({
      ok: false,
      status: 400,
      errors: { note: `La note ne doit pas dépasser ${NOTE_MAX} caractères (501 actuellement).` },
    });
    await addBookmark(db, viewerOf(reader), postId);
    expect(await updateBookmark(db, viewerOf(reader), postId, { note: tooLong, remindOn: "31/02/2027" })).toMatchObject({
      ok: false,
      status: 400,
      errors: { note: expect.stringContaining("ne doit pas dépasser"), remindOn: expect.stringContaining("date de rappel") },
    });
    expect(await updateBookmark(db, viewerOf(reader), postId, { note: "Note corrigée", remindOn: "2031-05-02" })).toEqual({
      ok: true,
      bookmarked: true,
    });
    expect((await listBookmarks(db, viewerOf(reader))).bookmarks[0]).toMatchObject({ note: "Note corrigée", remindOn: "2031-05-02" });
    // The database refuses an oversized note even if the check were skipped.
    await expect(db.updateTable("bookmark").set({ note: tooLong }).where("post_id", "=", postId).execute()).rejects.toThrow();

    expect(await addBookmark(db, viewerOf(reader), 999_999)).toMatchObject({ ok: false, status: 404 });
    expect(await addBookmark(db, viewerOf(reader), 99_999_999_999)).toMatchObject({ ok: false, status: 404 });
    // Someone else's bookmark cannot be edited.
    const other = await makeUser(db, "observer");
    expect(await updateBookmark(db, viewerOf(other), postId, { note: "x", remindOn: "" })).toMatchObject({ ok: false, status: 404 });
    // A suspended member may not bookmark.
    expect(await addBookmark(db, { ...viewerOf(other), status: "suspended" }, postId)).toMatchObject({ ok: false, status: 403 });
  });
});
