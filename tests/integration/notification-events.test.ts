import { sql } from "kysely";
import { expect, it } from "vitest";

import { createReply } from "../../app/forum/posts.server";
import { editPost } from "../../app/forum/post-editing.server";
import { changeStatus } from "../../app/governance/proposals.server";
import { deleteAnyPost } from "../../app/moderation/post-deletion.server";
import { hidePost } from "../../app/moderation/post-moderation.server";
import { mergeThread, movePosts } from "../../app/moderation/thread-moves.server";
import { warnMember } from "../../app/moderation/warnings.server";
import {
  listNotificationGroups,
  NOTIFICATION_GROUPS_PER_PAGE,
  openNotification,
  unreadNotificationCount,
} from "../../app/notifications/notifications.server";
import { setWatchLevel } from "../../app/notifications/watch.server";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, tagIds, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

/** Issue 12, item 2: notifications about a proposal's status and about moderation acts; paging of /notifications. */
describeOnEachDatabase("notifications about events", ({ current }) => {
  it("a proposal's status change notifies its author and those who follow it, not the one who ignores it nor the actor", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const watcher = await makeUser(db, "delegate");
    const ignorer = await makeUser(db, "delegate");
    const bystander = await makeUser(db, "delegate");
    const moderator = await makeUser(db, "moderator", { displayName: "Claire Modératrice" });
    const tags = await tagIds(db, ["ile-de-france"], ["gouvernance"]);
    const proposal = await makeThread(db, author, { kind: "gouvernance", title: "Statuts de l'association", ...tags });
    expect(await setWatchLevel(db, viewerOf(watcher), "thread", proposal.id, "watching")).not.toBeNull();
    expect(await setWatchLevel(db, viewerOf(ignorer), "thread", proposal.id, "ignoring")).not.toBeNull();
    // The ignorer also follows the thématique: the thread's own level wins.
    expect(await setWatchLevel(db, viewerOf(ignorer), "topic", tags.topicIds[0]!, "watching")).not.toBeNull();

    const before = { author: await unreadNotificationCount(db, author.id), watcher: await unreadNotificationCount(db, watcher.id) };
    const moved = await changeStatus(db, moderator, proposal.id, { from: "proposition", to: "discussion", comment: null, decision: null });
    expect(moved.ok).toBe(true);

    const rows = await db.selectFrom("notification").selectAll().where("kind", "=", "proposal_status").where("thread_id", "=", proposal.id).execute();
    expect(rows.map((r) => r.recipient_id).sort((a, b) => a - b)).toEqual([author.id, watcher.id].sort((a, b) => a - b));
    expect(rows.every((r) => r.post_id === null && r.emailed_at !== null)).toBe(true);
    expect(await unreadNotificationCount(db, author.id)).toBe(before.author + 1);
    expect(await unreadNotificationCount(db, watcher.id)).toBe(before.watcher + 1);
    expect(await unreadNotificationCount(db, bystander.id)).toBe(0);

    const [group] = await listNotificationGroups(db, watcher.id);
    expect(group).toMatchObject({ threadId: proposal.id, unread: true, count: 1, kinds: ["proposal_status"] });
    expect(group!.detail).toBe("Claire Modératrice a passé la proposition « Statuts de l'association » à « En discussion »");
    // Opening goes to the proposal and reads only that one.
    expect(await openNotification(db, watcher.id, group!.openId)).toEqual({ path: `/fils/${proposal.id}-${proposal.slug}` });
    expect(await unreadNotificationCount(db, watcher.id)).toBe(before.watcher);
  });

  it("a post hidden, edited or deleted by a moderator and a warning each notify the member, with what happened", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const moderator = await makeUser(db, "moderator");
    const thread = await makeThread(db, moderator, { title: "Un fil animé" });
    const reply = async (body: string) => {
      const result = await createReply(db, viewerOf(author), thread.id, body);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.postId;
    };
    const hidden = await reply("Un message qui sera masqué.");
    const edited = await reply("Un message qui sera modifié.");
    const deleted = await reply("Un message qui sera supprimé.");
    const baseline = await unreadNotificationCount(db, author.id);

    expect((await hidePost(db, moderator, hidden, "Hors sujet")).ok).toBe(true);
    const version = (await db.selectFrom("post").select("version").where("id", "=", edited).executeTakeFirstOrThrow()).version;
    expect((await editPost(db, viewerOf(moderator), edited, { body: "Un message modifié par la modération.", baseVersion: version })).ok).toBe(true);
    expect((await deleteAnyPost(db, moderator, deleted, "Doublon")).ok).toBe(true);
    expect((await warnMember(db, moderator, author.id, "Restez courtois.")).ok).toBe(true);

    // Each is its own group, even the hidden and deleted posts' (whose post notifications are gone).
    expect(await unreadNotificationCount(db, author.id)).toBe(baseline + 4);
    const details = (await listNotificationGroups(db, author.id)).filter((g) => g.kinds.includes("moderation")).map((g) => g.detail);
    expect(details).toEqual([
      "Vous avez reçu un avertissement de la modération. Motif : Restez courtois.",
      "Votre message dans le fil « Un fil animé » a été supprimé par la modération. Raison : Doublon",
      "Votre message dans le fil « Un fil animé » a été modifié par la modération. L'historique du message montre la modification.",
      "Votre message dans le fil « Un fil animé » a été masqué par la modération. Raison : Hors sujet",
    ]);
    const paths = await Promise.all(
      (await listNotificationGroups(db, author.id)).filter((g) => g.kinds.includes("moderation")).map(async (g) => (await openNotification(db, author.id, g.openId))!.path),
    );
    expect(paths).toEqual(["/", `/fils/${thread.id}`, `/messages/${edited}`, `/messages/${hidden}`]);
    expect(await unreadNotificationCount(db, author.id)).toBe(baseline);

    // The moderator editing their own post notifies nobody.
    const own = await db.selectFrom("post").select(["id", "version"]).where("thread_id", "=", thread.id).where("position", "=", 1).executeTakeFirstOrThrow();
    const count = await db.selectFrom("notification").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect((await editPost(db, viewerOf(moderator), own.id, { body: "Le sujet, précisé.", baseVersion: own.version })).ok).toBe(true);
    expect((await db.selectFrom("notification").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n).toEqual(count.n);
  });

  it("posts moved or merged by a moderator: each author but the moderator is told once where they went", async () => {
    const db = current().db;
    const alice = await makeUser(db, "delegate");
    const bruno = await makeUser(db, "delegate");
    const chloe = await makeUser(db, "delegate");
    const moderator = await makeUser(db, "moderator");
    const source = await makeThread(db, chloe, { title: "Fil d'origine" });
    const target = await makeThread(db, chloe, { title: "Fil d'arrivée" });
    const ids: number[] = [];
    for (const [who, body] of [[alice, "Premier message d'Alice"], [bruno, "Message de Bruno"], [alice, "Second message d'Alice"], [moderator, "Message du modérateur"]] as const) {
      const reply = await createReply(db, viewerOf(who), source.id, body);
      if (!reply.ok) throw new Error("reply failed");
      ids.push(reply.postId);
    }
    const versionOf = async (id: number) =>
      (await db.selectFrom("thread").select("curation_version").where("id", "=", id).executeTakeFirstOrThrow()).curation_version;
    const moderationRows = (recipientId: number) =>
      db.selectFrom("notification").select(["detail", "link", "thread_id"]).where("recipient_id", "=", recipientId).where("kind", "=", "moderation").orderBy("id").execute();

    const moved = await movePosts(db, viewerOf(moderator), source.id, { postIds: ids, target: { kind: "existing", threadId: target.id } }, { source: await versionOf(source.id), target: await versionOf(target.id) }, true);
    expect(moved.ok).toBe(true);
    expect(await moderationRows(alice.id)).toEqual([
      { detail: "Vos 2 messages du fil « Fil d'origine » ont été déplacés par la modération vers le fil « Fil d'arrivée ».", link: `/messages/${ids[0]}`, thread_id: target.id },
    ]);
    expect(await moderationRows(bruno.id)).toEqual([
      { detail: "Votre message du fil « Fil d'origine » a été déplacé par la modération vers le fil « Fil d'arrivée ».", link: `/messages/${ids[1]}`, thread_id: target.id },
    ]);
    expect(await moderationRows(moderator.id)).toEqual([]);
    // Chloé wrote nothing that moved.
    expect(await moderationRows(chloe.id)).toEqual([]);

    // A merge: Chloé's opening post of the target stays; her posts of the merged thread went there.
    const merged = await makeThread(db, chloe, { title: "Fil fusionné" });
    const mergedVersion = await versionOf(merged.id);
    const opening = await db.selectFrom("post").select("id").where("thread_id", "=", merged.id).executeTakeFirstOrThrow();
    const merge = await mergeThread(db, viewerOf(moderator), merged.id, target.id, { source: mergedVersion, target: await versionOf(target.id) }, true);
    expect(merge.ok).toBe(true);
    expect(await moderationRows(chloe.id)).toEqual([
      { detail: "Votre message du fil « Fil fusionné » a été déplacé par la modération vers le fil « Fil d'arrivée ».", link: `/messages/${opening.id}`, thread_id: target.id },
    ]);
  });

  it("an event notification must say what and where: the table refuses one without", async () => {
    const db = current().db;
    const member = await makeUser(db, "delegate");
    await expect(sql`insert into notification (recipient_id, kind) values (${member.id}, 'moderation')`.execute(db)).rejects.toThrow(/notification_shape_check/);
    await expect(sql`insert into notification (recipient_id, kind, detail, link) values (${member.id}, 'reply', 'x', '/')`.execute(db)).rejects.toThrow(/notification_shape_check/);
  });

  it("a member or a post deleted takes its notifications (statement triggers in place of per-row foreign keys)", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const replier = await makeUser(db, "delegate");
    const leaver = await makeUser(db, "observer");
    const thread = await makeThread(db, author, { title: "Un fil suivi" });
    expect(await setWatchLevel(db, viewerOf(leaver), "thread", thread.id, "watching")).not.toBeNull();
    const first = await createReply(db, viewerOf(replier), thread.id, "Première réponse.");
    const second = await createReply(db, viewerOf(replier), thread.id, "Deuxième réponse.");
    if (!first.ok || !second.ok) throw new Error("reply refused");
    const countFor = async (column: "recipient_id" | "post_id", id: number) =>
      Number((await db.selectFrom("notification").select((eb) => eb.fn.countAll<number>().as("n")).where(column, "=", id).executeTakeFirstOrThrow()).n);
    expect(await countFor("recipient_id", leaver.id)).toBe(2);
    expect(await countFor("post_id", first.postId)).toBe(2);

    await sql`delete from post where id = ${first.postId}`.execute(db);
    expect(await countFor("post_id", first.postId)).toBe(0);
    expect(await countFor("post_id", second.postId)).toBe(2);
    await sql`delete from app_user where id = ${leaver.id}`.execute(db);
    expect(await countFor("recipient_id", leaver.id)).toBe(0);
    expect(await countFor("recipient_id", author.id)).toBe(1);
  });

  it("/notifications pages by 50 groups, newest first", async () => {
    const db = current().db;
    const member = await makeUser(db, "delegate");
    const total = NOTIFICATION_GROUPS_PER_PAGE + 3;
    await sql`
      insert into notification (recipient_id, kind, actor_id, detail, link, emailed_at, created_at)
      select ${member.id}, 'moderation', null, 'Événement ' || i, '/', now(), now() - make_interval(mins => i)
      from generate_series(1, ${total}) as i
    `.execute(db);
    const first = await listNotificationGroups(db, member.id, 1);
    const second = await listNotificationGroups(db, member.id, 2);
    // One more than a page tells that a next page exists.
    expect(first).toHaveLength(NOTIFICATION_GROUPS_PER_PAGE + 1);
    expect(first[0]!.detail).toBe("Événement 1");
    expect(second.map((g) => g.detail)).toEqual([`Événement ${NOTIFICATION_GROUPS_PER_PAGE + 1}`, `Événement ${NOTIFICATION_GROUPS_PER_PAGE + 2}`, `Événement ${total}`]);
    expect(await listNotificationGroups(db, member.id, 3)).toEqual([]);
  });
});
