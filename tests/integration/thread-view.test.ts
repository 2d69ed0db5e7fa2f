import { sql, type Kysely } from "kysely";
import { expect, it } from "vitest";

import { markUseful } from "../../app/appreciation/useful.server";
import type { SessionUser } from "../../app/auth/session.server";
import { addBookmark } from "../../app/bookmarks/bookmarks.server";
import { saveDraft } from "../../app/drafts/drafts.server";
import { fileMarkdown } from "../../app/files/limits";
import { uploadStream } from "../../app/files/upload.server";
import { setAcceptedAnswer } from "../../app/forum/accepted-answer.server";
import { createReply, deletePost } from "../../app/forum/posts.server";
import { requireReadableThread } from "../../app/forum/thread-page.server";
import { loadThreadView } from "../../app/forum/thread-view.server";
import { setWatchLevel } from "../../app/notifications/watch.server";
import type { Database, User } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { chunksOf, pdf } from "./support/files";
import { makeThread, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

/**
 * The thread page's domain call (app/forum/thread-view.server.ts): what it reads in its one
 * statement after the posts, for a member, a moderator and a visitor.
 */

function sessionUser(user: User): SessionUser {
  return { id: user.id, email: user.email, displayName: user.display_name, role: user.role, status: user.status, collectiviteId: user.collectivite_id, lastSeenAt: null };
}

async function view(db: Kysely<Database>, user: User | null, thread: { id: number; slug: string }, query = "?page=1") {
  const request = new Request(`http://localhost/fils/${thread.id}-${thread.slug}${query}`);
  const viewer = user ? sessionUser(user) : null;
  const found = await requireReadableThread(db, request, viewer, `${thread.id}-${thread.slug}`);
  return loadThreadView({ db, readDb: db }, request, viewer, found);
}

async function reply(db: Kysely<Database>, author: User, threadId: number, body: string): Promise<number> {
  const result = await createReply(db, viewerOf(author), threadId, body);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.postId;
}

describeOnEachDatabase("the thread page's view", ({ current }) => {
  it("a member's own bookmarks, marks, watch level and draft; a visitor's page holds nothing of a member", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const reader = await makeUser(db, "delegate");
    const other = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    await db.updateTable("thread").set({ visibility: "public" }).where("id", "=", thread.id).execute();
    const first = await reply(db, author, thread.id, "Une première réponse.");
    const second = await reply(db, author, thread.id, "Une seconde réponse.");
    await addBookmark(db, viewerOf(reader), first);
    await markUseful(db, viewerOf(reader), second);
    await setWatchLevel(db, viewerOf(reader), "thread", thread.id, "ignoring");
    await saveDraft(db, viewerOf(reader), { threadId: thread.id }, "Mon brouillon");

    const mine = await view(db, reader, thread);
    expect(mine.bookmarks).toEqual([first]);
    expect(mine.useful).toEqual({ [second]: { count: 1, names: [reader.display_name], marked: true } });
    expect(mine.watchLevel).toBe("ignoring");
    expect(mine.replyDraft).toBe("Mon brouillon");
    expect(mine.attachments).toEqual({});
    // A quote asked for comes before the draft.
    expect((await view(db, reader, thread, `?page=1&citer=${first}`)).replyDraft).toContain("Une première réponse.");

    const theirs = await view(db, other, thread);
    expect(theirs.bookmarks).toEqual([]);
    expect(theirs.useful).toEqual({ [second]: { count: 1, names: [reader.display_name], marked: false } });
    expect(theirs.watchLevel).toBe("normal");
    expect(theirs.replyDraft).toBe("");

    const visitor = await view(db, null, thread);
    expect(visitor.bookmarks).toBeNull();
    expect(visitor.watchLevel).toBeNull();
    expect(visitor.replyDraft).toBe("");
    expect(visitor.useful).toEqual(theirs.useful);
    expect(visitor.submissionKey).toBe("");
    expect(visitor.posts.map((p) => p.id)).toEqual(mine.posts.map((p) => p.id));
  });

  it("a hidden post's files only for moderators, a deleted post's for nobody", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const member = await makeUser(db, "delegate");
    const moderator = await makeUser(db, "moderator");
    const files = [];
    for (const name of ["ouvert.pdf", "masque.pdf", "supprime.pdf"]) {
      const result = await uploadStream(db, viewerOf(author), chunksOf(pdf(name)), name);
      if (!result.ok) throw new Error(result.message);
      files.push(result.file);
    }
    const thread = await makeThread(db, author, { body: `Le bilan : ${fileMarkdown(files[0]!)}` });
    await db.updateTable("thread").set({ visibility: "public" }).where("id", "=", thread.id).execute();
    const hidden = await reply(db, author, thread.id, `Annexe : ${fileMarkdown(files[1]!)}`);
    const deleted = await reply(db, author, thread.id, `Autre annexe : ${fileMarkdown(files[2]!)}`);
    await reply(db, author, thread.id, "Une réponse pour garder le fil.");
    await db.updateTable("post").set({ hidden_at: sql<Date>`now()` }).where("id", "=", hidden).execute();
    expect(await deletePost(db, viewerOf(author), deleted)).not.toBeNull();

    const names = (attachments: Record<number, { name: string }[]>) => Object.values(attachments).flat().map((f) => f.name).sort();
    expect(names((await view(db, member, thread)).attachments)).toEqual(["ouvert.pdf"]);
    expect(names((await view(db, null, thread)).attachments)).toEqual(["ouvert.pdf"]);
    expect(names((await view(db, moderator, thread)).attachments)).toEqual(["masque.pdf", "ouvert.pdf"]);
    const shown = (await view(db, moderator, thread)).attachments[hidden]!;
    expect(shown).toEqual([{ id: files[1]!.id, name: "masque.pdf", mime: "application/pdf", kind: expect.any(String), size: expect.any(Number) }]);
  });

  it("a question's accepted answer, its date a date; once hidden, only moderators see it", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const member = await makeUser(db, "delegate");
    const moderator = await makeUser(db, "moderator");
    const question = await makeThread(db, author, { kind: "question" });
    const answer = await reply(db, member, question.id, "La réponse.");
    expect((await setAcceptedAnswer(db, viewerOf(author), answer, true)).ok).toBe(true);
    const createdAt = (await db.selectFrom("post").select("created_at").where("id", "=", answer).executeTakeFirstOrThrow()).created_at;

    const seen = await view(db, member, question);
    expect(seen.acceptedAnswer).toMatchObject({ postId: answer, authorId: member.id, authorName: member.display_name, excerpt: "La réponse." });
    expect(seen.acceptedAnswer?.createdAt).toBeInstanceOf(Date);
    expect(seen.acceptedAnswer?.createdAt.getTime()).toBe(createdAt.getTime());
    expect((await view(db, member, await makeThread(db, author))).acceptedAnswer).toBeNull();

    await db.updateTable("post").set({ hidden_at: sql<Date>`now()` }).where("id", "=", answer).execute();
    expect((await view(db, member, question)).acceptedAnswer).toBeNull();
    expect((await view(db, moderator, question)).acceptedAnswer?.postId).toBe(answer);
  });
});
