import { Kysely, PostgresDialect, sql } from "kysely";
import { expect, it } from "vitest";

import { createReply, deletePost } from "../../app/forum/posts.server";
import { quoteMarkdown } from "../../app/forum/quote";
import { listThreads } from "../../app/forum/threads.server";
import { hidePost } from "../../app/moderation/post-moderation.server";
import { NOTIFICATIONS_CHANNEL } from "../../app/notifications/create.server";
import {
  listNotificationGroups,
  markAllNotificationsRead,
  openNotification,
  unreadNotificationCount,
} from "../../app/notifications/notifications.server";
import { saveNotificationPreferences } from "../../app/notifications/preferences.server";
import { setWatchLevel, watchLevelOf } from "../../app/notifications/watch.server";
import { defaultPreferences } from "../../app/notifications/levels";
import type { Database, User } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, tagIds, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

describeOnEachDatabase("notifications", ({ current }) => {
  async function reply(author: User, threadId: number, body: string) {
    const result = await createReply(current().db, viewerOf(author), threadId, body);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.postId;
  }

  async function kindsFor(user: User, postId: number) {
    return (
      await current().db.selectFrom("notification").select("kind").where("recipient_id", "=", user.id).where("post_id", "=", postId).execute()
    ).map((r) => r.kind);
  }

  async function handleOf(user: User) {
    return (await current().db.selectFrom("app_user").select("handle").where("id", "=", user.id).executeTakeFirstOrThrow()).handle;
  }

  it("a reply notifies the thread's author (who watches it by default), never the replier", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const replier = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    expect(await watchLevelOf(db, author.id, "thread", thread.id)).toBe("watching");
    const postId = await reply(replier, thread.id, "Une réponse.");
    expect(await kindsFor(author, postId)).toEqual(["reply"]);
    expect(await kindsFor(replier, postId)).toEqual([]);
    // The replier now watches: the author's next reply notifies them as a watcher.
    const second = await reply(author, thread.id, "Merci !");
    expect(await kindsFor(replier, second)).toEqual(["watched_post"]);
    expect(await kindsFor(author, second)).toEqual([]);
  });

  it("mentions and quotes notify the people named and quoted, with the strongest reason once", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const mentioned = await makeUser(db, "observer");
    const quotedAuthor = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const quoted = await reply(quotedAuthor, thread.id, "Texte à citer.");
    const body = `${quoteMarkdown({ id: quoted, authorName: "X", markdown: "Texte à citer." })}Bonjour @${await handleOf(mentioned)} et @${await handleOf(quotedAuthor)}`;
    const postId = await reply(author, thread.id, body);
    expect(await kindsFor(mentioned, postId)).toEqual(["mention"]);
    // Quoted and mentioned, and watching as a replier: one notification, the mention.
    expect(await kindsFor(quotedAuthor, postId)).toEqual(["mention"]);
    const onlyQuote = await reply(author, thread.id, quoteMarkdown({ id: quoted, authorName: "X", markdown: "Texte à citer." }));
    expect(await kindsFor(quotedAuthor, onlyQuote)).toEqual(["quote"]);
  });

  it("watching a thématique or a collectivité brings new threads and posts; normal does not", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const topicWatcher = await makeUser(db, "observer");
    const collectiviteWatcher = await makeUser(db, "observer");
    const normal = await makeUser(db, "observer");
    const { topicIds, collectiviteIds } = await tagIds(db, ["seine-maritime"], ["formation"]);
    expect(await setWatchLevel(db, viewerOf(topicWatcher), "topic", topicIds[0]!, "watching")).toBe("/thematiques/formation");
    expect(await setWatchLevel(db, viewerOf(collectiviteWatcher), "collectivite", collectiviteIds[0]!, "watching")).toBe("/collectivites/seine-maritime");
    await setWatchLevel(db, viewerOf(normal), "topic", topicIds[0]!, "normal");
    const thread = await makeThread(db, author, { topicIds, collectiviteIds });
    const opening = await db.selectFrom("post").select("id").where("thread_id", "=", thread.id).executeTakeFirstOrThrow();
    expect(await kindsFor(topicWatcher, opening.id)).toEqual(["watched_thread"]);
    expect(await kindsFor(collectiviteWatcher, opening.id)).toEqual(["watched_thread"]);
    expect(await kindsFor(normal, opening.id)).toEqual([]);
    const postId = await reply(author, thread.id, "Suite.");
    expect(await kindsFor(topicWatcher, postId)).toEqual(["watched_post"]);
    expect(await kindsFor(normal, postId)).toEqual([]);
  });

  it("ignorer on a thread silences it entirely (mentions too) and takes it out of the member's lists", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const member = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    await reply(member, thread.id, "Je participe.");
    expect(await setWatchLevel(db, viewerOf(member), "thread", thread.id, "ignoring")).toMatch(/^\/fils\//);
    const postId = await reply(author, thread.id, `Une question pour @${await handleOf(member)}`);
    expect(await kindsFor(member, postId)).toEqual([]);
    const listed = async (user: User) => (await listThreads(db, viewerOf(user), {}, null, 100)).threads.map((t) => t.id);
    expect(await listed(member)).not.toContain(thread.id);
    expect(await listed(author)).toContain(thread.id);
    await setWatchLevel(db, viewerOf(member), "thread", thread.id, "normal");
    expect(await listed(member)).toContain(thread.id);
  });

  it("ignorer on a thématique silences its threads unless the thread itself is followed; a thread level overrides", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const member = await makeUser(db, "observer");
    const { topicIds, collectiviteIds } = await tagIds(db, ["seine-et-marne"], ["financement"]);
    await setWatchLevel(db, viewerOf(member), "topic", topicIds[0]!, "ignoring");
    const thread = await makeThread(db, author, { topicIds, collectiviteIds });
    const mention = await reply(author, thread.id, `Avis de @${await handleOf(member)} ?`);
    expect(await kindsFor(member, mention)).toEqual([]);
    await setWatchLevel(db, viewerOf(member), "thread", thread.id, "watching");
    const next = await reply(author, thread.id, "Autre message.");
    expect(await kindsFor(member, next)).toEqual(["watched_post"]);
    // Watching the thématique, but "normal" on this thread: no "every post".
    const other = await makeUser(db, "observer");
    await setWatchLevel(db, viewerOf(other), "topic", topicIds[0]!, "watching");
    await setWatchLevel(db, viewerOf(other), "thread", thread.id, "normal");
    const third = await reply(author, thread.id, "Encore.");
    expect(await kindsFor(other, third)).toEqual([]);
  });

  it("the repliers' and authors' defaults follow the preferences", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const replier = await makeUser(db, "delegate");
    await saveNotificationPreferences(db, author.id, { ...defaultPreferences, watchOwnThreads: false });
    await saveNotificationPreferences(db, replier.id, { ...defaultPreferences, watchRepliedThreads: false });
    const thread = await makeThread(db, author);
    expect(await watchLevelOf(db, author.id, "thread", thread.id)).toBe("normal");
    await reply(replier, thread.id, "Réponse.");
    expect(await watchLevelOf(db, replier.id, "thread", thread.id)).toBe("normal");
    const next = await reply(author, thread.id, "Suite.");
    expect(await kindsFor(replier, next)).toEqual([]);
  });

  it("a mentioned member who cannot read the thread is not notified, and the author is told so", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const suspended = await makeUser(db, "delegate", { displayName: "Paul Suspendu" });
    await db.updateTable("app_user").set({ status: "suspended" }).where("id", "=", suspended.id).execute();
    const thread = await makeThread(db, author);
    const postId = await reply(author, thread.id, `Bonjour @${await handleOf(suspended)}`);
    expect(await kindsFor(suspended, postId)).toEqual([]);
    const notices = await db.selectFrom("member_notice").select("body").where("user_id", "=", author.id).execute();
    expect(notices.map((n) => n.body).join("\n")).toContain("Paul Suspendu");
    expect(notices.map((n) => n.body).join("\n")).toContain("ne peut pas lire ce fil");
  });

  it("/notifications groups per thread, hides deleted and hidden posts, marks read when opened", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const a = await makeUser(db, "delegate");
    const b = await makeUser(db, "delegate");
    const moderator = await makeUser(db, "moderator");
    const thread = await makeThread(db, author);
    const other = await makeThread(db, author);
    const p1 = await reply(a, thread.id, "Un.");
    await reply(b, thread.id, "Deux.");
    await reply(a, thread.id, "Trois.");
    const gone = await reply(a, other.id, "Sera supprimé.");
    const hidden = await reply(b, other.id, "Sera masqué.");
    expect(await unreadNotificationCount(db, author.id)).toBe(5);
    await deletePost(db, viewerOf(a), gone);
    await hidePost(db, viewerOf(moderator), hidden, "Hors sujet");
    expect(await unreadNotificationCount(db, author.id)).toBe(3);
    const groups = await listNotificationGroups(db, author.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ threadId: thread.id, unread: true, count: 3, kinds: ["reply"] });

    // Someone else's notification: nothing.
    expect(await openNotification(db, a.id, groups[0]!.openId)).toBeNull();
    expect(await openNotification(db, author.id, groups[0]!.openId)).toEqual({ path: `/messages/${p1}` });
    expect(await unreadNotificationCount(db, author.id)).toBe(0);
    const after = await listNotificationGroups(db, author.id);
    expect(after[0]).toMatchObject({ threadId: thread.id, unread: false, count: 3 });

    await reply(b, thread.id, "Quatre.");
    await reply(b, other.id, "Cinq.");
    expect(await unreadNotificationCount(db, author.id)).toBe(2);
    // Also marks those of the deleted and hidden posts, which were never shown.
    expect(await markAllNotificationsRead(db, author.id)).toBe(4);
    expect(await unreadNotificationCount(db, author.id)).toBe(0);
  });

  it("tells listeners who got notified, in the post's transaction", async () => {
    const { db, handle } = current();
    const author = await makeUser(db, "delegate");
    const replier = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const heard: string[] = [];
    const stop = await handle.notifications.listen(NOTIFICATIONS_CHANNEL, (payload) => heard.push(payload));
    await reply(replier, thread.id, "Réponse.");
    const started = Date.now();
    while (heard.length === 0 && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 10));
    await stop();
    expect(heard).toEqual([String(author.id)]);
  });

  it("5 000 watchers: the reply costs the same queries as with one, and every watcher is notified", { timeout: 120_000 }, async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const replier = await makeUser(db, "delegate");
    const { topicIds, collectiviteIds } = await tagIds(db, ["haute-normandie"], ["accessibilite"]);
    const thread = await makeThread(db, author, { topicIds, collectiviteIds });

    async function countQueries(run: (d: Kysely<Database>) => Promise<unknown>) {
      let count = 0;
      const counting = new Kysely<Database>({
        dialect: new PostgresDialect({ pool: current().handle.pool }),
        log: (event) => {
          if (event.level === "query") count++;
          if (process.env.DEBUG_QUERY_TIMES) console.log(`${event.queryDurationMillis.toFixed(1)} ms: ${event.query.sql.trim().slice(0, 40)}`);
        },
      });
      const started = performance.now();
      await run(counting);
      return { count, ms: performance.now() - started };
    }
    const fewWatchers = await countQueries((d) => createReply(d, viewerOf(replier), thread.id, "Avec un seul abonné."));

    await sql`
      insert into app_user (email, display_name, password_hash, role, handle)
      select 'abonne' || g || '-' || ${thread.id} || '@example.org', 'Abonné ' || g, 'x', 'observer', 'abonne-' || g || '-' || ${thread.id}
      from generate_series(1, 5000) g
    `.execute(db);
    await sql`
      insert into topic_watch (user_id, topic_id, level)
      select id, ${topicIds[0]!}, 'watching' from app_user where email like ${`abonne%-${thread.id}@example.org`}
    `.execute(db);

    const manyWatchers = await countQueries((d) => createReply(d, viewerOf(replier), thread.id, "Avec cinq mille abonnés."));
    if (process.env.DEBUG_QUERY_TIMES) console.log(`reply: ${fewWatchers.ms.toFixed(0)} ms with 1 watcher, ${manyWatchers.ms.toFixed(0)} ms with 5 000`);
    expect(manyWatchers.count).toBe(fewWatchers.count);
    const last = await db.selectFrom("thread").select("last_post_id").where("id", "=", thread.id).executeTakeFirstOrThrow();
    const notified = await db
      .selectFrom("notification")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("post_id", "=", last.last_post_id!)
      .executeTakeFirstOrThrow();
    // 5 000 watchers of the thématique and the thread's author.
    expect(Number(notified.n)).toBe(5001);
    // Time only loosely (a shared, loaded machine): the query count above is the real bound.
    expect(manyWatchers.ms).toBeLessThan(20_000);
  });
});
