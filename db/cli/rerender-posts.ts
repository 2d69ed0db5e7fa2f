import { renderPost } from "../../app/forum/render-post.server";
import { migrateToLatest } from "../migrate";
import { runWithDatabase } from "./run";

/**
 * `npm run posts:rerender`: renders every post's Markdown again with the current pipeline
 * (after a change to the Markdown renderer or the sanitizer). Pages never render on read, so
 * this is how a renderer change reaches stored posts. Works in batches, newest ids last.
 */
const BATCH = 500;

await runWithDatabase(async (handle) => {
  await migrateToLatest(handle.db);
  let after = 0;
  let done = 0;
  let changed = 0;
  for (;;) {
    const posts = await handle.db
      .selectFrom("post")
      .select(["id", "body_markdown", "body_html"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(BATCH)
      .execute();
    if (posts.length === 0) break;
    for (const post of posts) {
      const html = await renderPost(handle.db, post.body_markdown);
      if (html !== post.body_html) {
        await handle.db.updateTable("post").set({ body_html: html }).where("id", "=", post.id).execute();
        changed++;
      }
    }
    done += posts.length;
    after = posts.at(-1)!.id;
    process.stdout.write(`\r${done} message(s) relus, ${changed} mis à jour`);
  }
  process.stdout.write(`\n${done} message(s) relus, ${changed} mis à jour sur ${handle.label}\n`);
});
