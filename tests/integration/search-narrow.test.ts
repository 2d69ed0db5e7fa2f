import { sql } from "kysely";
import { expect, it } from "vitest";

import { createReply, deletePost } from "../../app/forum/posts.server";
import { parseSearchQuery } from "../../app/search/query-parser";
import { searchPosts } from "../../app/search/search.server";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

/**
 * The narrow search table (`post_search`, migration 023): the triggers keep it equal to the posts'
 * vectors, and the window read from it in steps (six months, eighteen more, the rest) is exactly
 * the newest matches, whichever periods they fall in.
 */

describeOnEachDatabase("search: the narrow table", ({ current }) => {
  it("holds exactly the findable posts, with their vector and a month lexeme, through every change", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const thread = await makeThread(db, author, { title: "Le fil du tatou", body: "Premier message sur le tatou." });
    const reply = await createReply(db, viewer, thread.id, "Une réponse sur le pangolin.");
    if (!reply.ok) throw new Error("reply refused");
    const check = async () => {
      const { rows } = await sql<{ mismatches: number }>`
        select count(*)::int as mismatches from (
          select p.id, p.thread_id, p.created_at, p.public_thread, p.search_vector || post_search_month(p.created_at) as vector
          from post p where p.thread_id = ${thread.id} and p.search_vector is not null
          except
          select s.post_id, s.thread_id, s.created_at, s.public_thread, s.vector from post_search s where s.thread_id = ${thread.id}
        ) missing
      `.execute(db);
      const counts = await sql<{ rows: number; live: number }>`
        select (select count(*)::int from post_search where thread_id = ${thread.id}) as rows,
               (select count(*)::int from post where thread_id = ${thread.id} and search_vector is not null) as live
      `.execute(db);
      expect(rows[0]!.mismatches).toBe(0);
      expect(counts.rows[0]!.rows).toBe(counts.rows[0]!.live);
      return counts.rows[0]!.rows;
    };
    expect(await check()).toBe(2);
    const month = await sql<{ vector: string }>`select vector::text as vector from post_search where post_id = ${reply.postId}`.execute(db);
    const now = new Date();
    expect(month.rows[0]!.vector).toContain(`'#m${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, "0")}'`);

    await sql`update thread set title = 'Le fil du fourmilier' where id = ${thread.id}`.execute(db);
    expect(await check()).toBe(2);
    await sql`update thread set visibility = 'public' where id = ${thread.id}`.execute(db);
    expect(await check()).toBe(2);
    await sql`update post set created_at = created_at - interval '3 years' where id = ${reply.postId}`.execute(db);
    expect(await check()).toBe(2);
    await sql`update post set hidden_at = now() where id = ${reply.postId}`.execute(db);
    expect(await check()).toBe(1);
    await sql`update post set hidden_at = null where id = ${reply.postId}`.execute(db);
    expect(await check()).toBe(2);
    await deletePost(db, viewer, reply.postId);
    expect(await check()).toBe(1);
  });

  it("finds the newest matches across the recent months, the eighteen before and the older ones, as one scan would", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const thread = await makeThread(db, author, { title: "Le fil des monotrèmes", body: "Ouverture." });
    // Replies 0 … 8, dated from now back to nine years ago: three in each period.
    const ages = ["1 day", "2 months", "5 months", "8 months", "14 months", "22 months", "30 months", "5 years", "9 years"];
    const posts: number[] = [];
    for (const age of ages) {
      const reply = await createReply(db, viewer, thread.id, `Un ornithorynque, il y a ${age}.`);
      if (!reply.ok) throw new Error("reply refused");
      await sql`update post set created_at = now() - ${age}::interval where id = ${reply.postId}`.execute(db);
      posts.push(reply.postId);
    }
    const query = parseSearchQuery("ornithorynque");
    const resolved = { topicIds: [], collectiviteIds: [], authorId: null };
    // One result per thread, its best post: one thread per reply makes the window visible.
    const { rows: windowed } = await sql<{ id: number }>`select post_id as id from post_search where vector @@ plainto_tsquery('french_unaccent', 'ornithorynque') order by created_at desc, post_id desc`.execute(db);
    expect(windowed.map((r) => r.id)).toEqual(posts);

    for (const window of [1, 2, 3, 4, 6, 7, 9, 12]) {
      const page = await searchPosts(db, viewer, { query, resolved, useText: true, sort: "date", page: 1, window });
      // The thread's newest matching post within the window is always the newest reply.
      expect(page.hits.map((h) => h.postId)).toEqual([posts[0]]);
      expect(page.capped).toBe(window < posts.length);
    }
    // Ranked within the window: the window of 8 leaves out only the oldest reply.
    await sql`update post set body_markdown = 'Un ornithorynque, un ornithorynque, un ornithorynque : le plus ancien.' where id = ${posts[8]!}`.execute(db);
    const narrow = await searchPosts(db, viewer, { query, resolved, useText: true, sort: "pertinence", page: 1, window: 8 });
    expect(narrow.hits[0]!.postId).not.toBe(posts[8]);
    const wide = await searchPosts(db, viewer, { query, resolved, useText: true, sort: "pertinence", page: 1, window: 9 });
    expect(wide.hits[0]!.postId).toBe(posts[8]);
  });
});
