import { sql } from "kysely";
import { expect, it } from "vitest";

import { createReply, deletePost } from "../../app/forum/posts.server";
import { purgeSubmissionKeys } from "../../app/forum/submission-keys.server";
import { loadThreadPage, requireReadableThread } from "../../app/forum/thread-page.server";
import { createThread, findThread, setThreadVisibility } from "../../app/forum/threads.server";
import { listThreads } from "../../app/forum/list-threads.server";
import { runMaintenance } from "../../app/maintenance.server";
import { readSearchRequest } from "../../app/search/search-params";
import { loadSearchPage } from "../../app/search/search-page.server";
import { suggestTitles } from "../../app/search/suggestions.server";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, tagIds, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

describeOnEachDatabase("forum hardening", ({ current }) => {
  it("three identical thread submissions at once create one thread, and each answers it", async () => {
    const { db } = current();
    const author = await makeUser(db, "delegate");
    const tags = await tagIds(db, ["ile-de-france"], ["formation"]);
    const input = { title: "Un fil envoyé trois fois", kind: "discussion" as const, body: "Trois clics.", report: null, ...tags };
    const results = await Promise.all([1, 2, 3].map(() => createThread(db, viewerOf(author), input, "cle-de-soumission-0001")));
    const ids = results.map((r) => (r.ok ? r.id : null));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).not.toBeNull();
    expect(results.filter((r) => r.ok && !r.repeated)).toHaveLength(1);
    const rows = await db.selectFrom("thread").select("id").where("title", "=", input.title).execute();
    expect(rows).toHaveLength(1);
    // Another key is another submission.
    const other = await createThread(db, viewerOf(author), input, "cle-de-soumission-0002");
    expect(other).toMatchObject({ ok: true, repeated: false });
  });

  it("three identical replies at once create one reply", async () => {
    const { db } = current();
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const results = await Promise.all([1, 2, 3].map(() => createReply(db, viewerOf(author), thread.id, "Une réponse envoyée trois fois.", "cle-de-reponse-00001")));
    const postIds = results.map((r) => (r.ok ? r.postId : null));
    expect(new Set(postIds).size).toBe(1);
    expect(postIds[0]).not.toBeNull();
    const count = await db.selectFrom("post").select(sql<number>`count(*)`.as("n")).where("thread_id", "=", thread.id).executeTakeFirstOrThrow();
    expect(count.n).toBe(2);
    const row = await db.selectFrom("thread").select("reply_count").where("id", "=", thread.id).executeTakeFirstOrThrow();
    expect(row.reply_count).toBe(1);
  });

  it("the periodic maintenance purges submission keys older than a day", async () => {
    const { db } = current();
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    await createReply(db, viewerOf(author), thread.id, "Vieille réponse.", "cle-ancienne-000001");
    await createReply(db, viewerOf(author), thread.id, "Réponse récente.", "cle-recente-0000001");
    await db.updateTable("submission_key").set({ created_at: sql<Date>`now() - interval '2 days'` }).where("key", "=", "cle-ancienne-000001").execute();
    await runMaintenance(db);
    const keys = await db.selectFrom("submission_key").select("key").where("user_id", "=", author.id).execute();
    expect(keys.map((k) => k.key)).toEqual(["cle-recente-0000001"]);
    expect(await purgeSubmissionKeys(db)).toBe(0);
  });

  it("a visibility change writes exactly one journal entry; asking again writes none", async () => {
    const { db } = current();
    const author = await makeUser(db, "delegate");
    const moderator = await makeUser(db, "moderator");
    const thread = await makeThread(db, author);
    const entries = () => db.selectFrom("audit_log").selectAll().where("action", "=", "thread.visibility_changed").where(sql<boolean>`(details->>'threadId')::int = ${thread.id}`).execute();
    expect(await setThreadVisibility(db, viewerOf(moderator), thread.id, "public")).toBe(true);
    expect(await setThreadVisibility(db, viewerOf(moderator), thread.id, "public")).toBe(true);
    expect(await setThreadVisibility(db, viewerOf(author), thread.id, "members")).toBe(false);
    const logged = await entries();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ actor_id: moderator.id, details: { threadId: thread.id, from: "members", to: "public" } });
  });

  it("a post deletion writes exactly one journal entry, naming the author", async () => {
    const { db } = current();
    const author = await makeUser(db, "delegate");
    const replier = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const reply = await createReply(db, viewerOf(replier), thread.id, "À supprimer.");
    if (!reply.ok) throw new Error("reply");
    expect(await deletePost(db, viewerOf(replier), reply.postId)).toEqual({ threadDeleted: false });
    expect(await deletePost(db, viewerOf(replier), reply.postId)).toBeNull();
    const logged = await db.selectFrom("audit_log").selectAll().where("action", "=", "post.deleted").where(sql<boolean>`(details->>'postId')::int = ${reply.postId}`).execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ actor_id: replier.id, target_user_id: replier.id, details: { threadId: thread.id, threadDeleted: false } });
  });

  it("deleting the opening post of a thread without replies deletes the thread: gone from lists and search, its URL a 410", async () => {
    const { db } = current();
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const thread = await makeThread(db, author, { title: "Fil orphelin zygomorphe", body: "Texte zygomorphe." });
    const [opening] = await db.selectFrom("post").select("id").where("thread_id", "=", thread.id).execute();
    expect(await deletePost(db, viewer, opening!.id)).toEqual({ threadDeleted: true });
    const { threads } = await listThreads(db, viewer, {}, null, 100);
    expect(threads.map((t) => t.id)).not.toContain(thread.id);
    expect(await findThread(db, viewer, thread.id)).toEqual({ status: "deleted" });
    const response = await thrown(requireReadableThread(db, new Request(`http://localhost/fils/${thread.id}-${thread.slug}`), null, `${thread.id}-${thread.slug}`));
    expect(response.status).toBe(410);
    const search = await loadSearchPage(db, viewer, readSearchRequest(new URLSearchParams("q=zygomorphe")));
    expect(search.total).toBe(0);
    expect(await suggestTitles(db, viewer, "zygomorphe")).toEqual([]);
  });

  it("deleting the opening post of a thread with replies keeps the thread and shows the post as deleted", async () => {
    const { db } = current();
    const author = await makeUser(db, "delegate");
    const replier = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    await createReply(db, viewerOf(replier), thread.id, "Une réponse qui reste.");
    const [opening] = await db.selectFrom("post").select("id").where("thread_id", "=", thread.id).where("position", "=", 1).execute();
    expect(await deletePost(db, viewerOf(author), opening!.id)).toEqual({ threadDeleted: false });
    const found = await findThread(db, viewerOf(author), thread.id);
    expect(found.status).toBe("found");
    const { threads } = await listThreads(db, viewerOf(author), {}, null, 100);
    expect(threads.map((t) => t.id)).toContain(thread.id);
  });

  it("a page beyond the last one redirects to the last page", async () => {
    const { db } = current();
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const found = await findThread(db, viewerOf(author), thread.id);
    if (found.status !== "found") throw new Error("thread");
    const path = `/fils/${thread.id}-${thread.slug}`;
    for (const page of ["9999", "99999999999999999999"]) {
      const response = await thrown(loadThreadPage(db, new Request(`http://localhost${path}?page=${page}`), null, found.thread));
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`${path}?page=1`);
    }
    const bad = await thrown(loadThreadPage(db, new Request(`http://localhost${path}?page=-1`), null, found.thread));
    expect(bad.status).toBe(404);
  });
});
