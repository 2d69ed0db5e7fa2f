import { Kysely, PostgresDialect } from "kysely";
import { expect, it } from "vitest";

import type { Viewer } from "../../app/forum/viewer";
import { createReply, deletePost } from "../../app/forum/posts.server";
import { setThreadVisibility } from "../../app/forum/threads.server";
import { DIRECTORY_PAGE_SIZE, listDirectory } from "../../app/members/directory.server";
import { findMemberProfile, listMemberReplies, listMemberThreads } from "../../app/members/profile.server";
import { findProfileSettings, updateProfileSettings } from "../../app/members/profile-settings.server";
import { hidePost } from "../../app/moderation/post-moderation.server";
import type { Database } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

describeOnEachDatabase("member profiles", ({ current }) => {
  async function setup() {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const moderator = await makeUser(db, "moderator");
    const observer = await makeUser(db, "observer");
    const publicThread = await makeThread(db, author, { title: "Un fil ouvert aux visiteurs" });
    await setThreadVisibility(db, viewerOf(moderator), publicThread.id, "public");
    const membersThread = await makeThread(db, author, { title: "Un fil réservé aux membres" });
    const other = await makeThread(db, moderator, { title: "Le fil d'un autre membre" });
    const reply = async (threadId: number, body: string) => {
      const result = await createReply(db, viewerOf(author), threadId, body);
      if (!result.ok) throw new Error("reply");
      return result.postId;
    };
    const publicReply = await reply(other.id, "Réponse dans un fil que le modérateur rendra public");
    const membersReply = await reply(membersThread.id, "Réponse réservée aux membres");
    const deletedReply = await reply(other.id, "Réponse supprimée ensuite");
    await deletePost(db, viewerOf(author), deletedReply);
    // Hidden by moderation, and a thread gone with its only post: listed nowhere on the profile.
    const hiddenReply = await reply(other.id, "Réponse masquée par la modération");
    await hidePost(db, moderator, hiddenReply, "Hors sujet");
    const goneThread = await makeThread(db, author, { title: "Un fil supprimé avec son message" });
    const [goneOpening] = await db.selectFrom("post").select("id").where("thread_id", "=", goneThread.id).execute();
    await deletePost(db, viewerOf(author), goneOpening!.id);
    await setThreadVisibility(db, viewerOf(moderator), other.id, "public");
    return { db, author, moderator, observer, publicThread, membersThread, other, publicReply, membersReply, deletedReply };
  }

  it("lists to a member the threads and replies they may read, never deleted posts, newest first", async () => {
    const { db, author, observer, publicThread, membersThread, publicReply, membersReply } = await setup();
    const viewer = viewerOf(observer);
    const profile = await findMemberProfile(db, viewer, author.id);
    expect(profile).toMatchObject({ full: true, displayName: author.display_name, role: "delegate", threadCount: 2, replyCount: 2 });
    expect(profile?.collectivite?.slug).toBe("ile-de-france");

    const { threads } = await listMemberThreads(db, viewer, author.id, null);
    expect(threads.map((t) => t.id)).toEqual([membersThread.id, publicThread.id]);
    const { replies } = await listMemberReplies(db, viewer, author.id, null);
    expect(replies.map((r) => r.id)).toEqual([membersReply, publicReply]);
    expect(replies[0]).toMatchObject({ threadTitle: "Un fil réservé aux membres", excerpt: "Réponse réservée aux membres" });
  });

  it("pages a member's replies with a keyset cursor", async () => {
    const { db, author, observer, membersThread } = await setup();
    for (let i = 0; i < 4; i++) await createReply(db, viewerOf(author), membersThread.id, `Réponse numérotée ${i}`);
    const viewer = viewerOf(observer);
    const first = await listMemberReplies(db, viewer, author.id, null, 3);
    expect(first.replies).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await listMemberReplies(db, viewer, author.id, first.nextCursor, 3);
    expect(second.replies).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.replies, ...second.replies].map((r) => r.id);
    expect(new Set(ids).size).toBe(6);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it("shows visitors nothing of a profile unless the member made it public, then only the minimal profile", async () => {
    const { db, author, publicThread } = await setup();
    expect(await findMemberProfile(db, null, author.id)).toBeUndefined();
    expect(await updateProfileSettings(db, author.id, { bio: "Chargé de **mission** ENT", publicProfile: true })).toEqual({ ok: true });

    const profile = await findMemberProfile(db, null, author.id);
    expect(profile).toMatchObject({ full: false, displayName: author.display_name, role: "delegate", threadCount: 1 });
    expect(profile).toMatchObject({ handle: null, createdAt: null, lastSeenOn: null, bioHtml: null });
    const { threads } = await listMemberThreads(db, null, author.id, null);
    expect(threads.map((t) => t.id)).toEqual([publicThread.id]);
    expect((await listMemberReplies(db, null, author.id, null)).replies).toEqual([]);

    // A suspended member's public profile is gone for visitors.
    await db.updateTable("app_user").set({ status: "suspended" }).where("id", "=", author.id).execute();
    expect(await findMemberProfile(db, null, author.id)).toBeUndefined();
    const suspendedViewer: Viewer = { id: 0, role: "admin", status: "suspended" };
    expect(await findMemberProfile(db, suspendedViewer, author.id)).toBeUndefined();
  });

  it("shows last seen to the day, and a bio rendered and sanitized, to members only", async () => {
    const { db, author, observer } = await setup();
    await db.updateTable("app_user").set({ last_seen_at: "2026-03-04T23:30:00Z" }).where("id", "=", author.id).execute();
    await updateProfileSettings(db, author.id, { bio: "Je suis **référent** <script>alert(1)</script>", publicProfile: false });
    const profile = await findMemberProfile(db, viewerOf(observer), author.id);
    // 23:30 UTC is already the next day in Paris; the time of day is not shown.
    expect(profile?.lastSeenOn).toBe("2026-03-05");
    expect(profile?.bioHtml).toContain("<strong>référent</strong>");
    expect(profile?.bioHtml).not.toContain("<script");
    expect(await findProfileSettings(db, author.id)).toEqual({ bio: "Je suis **référent** <script>alert(1)</script>", publicProfile: false });
  });

  it("refuses a bio over the limit with a French message and keeps the previous one", async () => {
    const { db, author } = await setup();
    await updateProfileSettings(db, author.id, { bio: "Avant", publicProfile: false });
    const result = await updateProfileSettings(db, author.id, { bio: "x".repeat(1001), publicProfile: true });
    expect(result).toMatchObject({ ok: false, errors: { bio: expect.stringContaining("ne doit pas dépasser") } });
    expect(await findProfileSettings(db, author.id)).toEqual({ bio: "Avant", publicProfile: false });
  });
});

describeOnEachDatabase("member directory", ({ current }) => {
  it("filters by collectivité, role and name (accent- and case-insensitive), without suspended members", async () => {
    const db = current().db;
    const tag = `Zq${Date.now().toString(36)}`;
    const helene = await makeUser(db, "delegate", { displayName: `Hélène ${tag} Durand` });
    const observer = await makeUser(db, "observer", { displayName: `Bruno ${tag} Petit` });
    const suspended = await makeUser(db, "delegate", { displayName: `Hélène ${tag} Suspendue` });
    await db.updateTable("app_user").set({ status: "suspended" }).where("id", "=", suspended.id).execute();
    const collectiviteId = helene.collectivite_id!;
    const base = { q: "", role: null, collectiviteId: null, page: 1 };

    const byName = await listDirectory(db, { ...base, q: `helene ${tag.toLowerCase()}` });
    expect(byName.members.map((m) => m.id)).toEqual([helene.id]);
    const all = await listDirectory(db, { ...base, q: tag });
    expect(all.members.map((m) => m.displayName)).toEqual([`Bruno ${tag} Petit`, `Hélène ${tag} Durand`]);
    expect(Object.keys(all.members[0]!)).not.toContain("email");
    expect((await listDirectory(db, { ...base, q: tag, role: "observer" })).members.map((m) => m.id)).toEqual([observer.id]);
    expect((await listDirectory(db, { ...base, q: tag, collectiviteId })).members.map((m) => m.id)).toEqual([helene.id]);
    expect((await listDirectory(db, { ...base, q: "100%" })).members).toEqual([]);
  });

  it("pages by name with one query per page, whatever the page's length", async () => {
    const db = current().db;
    const tag = `Pg${Date.now().toString(36)}`;
    // Inserted directly: hashing 52 passwords would only slow the test down.
    await db
      .insertInto("app_user")
      .values(
        Array.from({ length: DIRECTORY_PAGE_SIZE + 2 }, (_, i) => ({
          email: `${tag.toLowerCase()}-${i}@example.org`,
          display_name: `${tag} membre ${String(i).padStart(3, "0")}`,
          handle: `${tag.toLowerCase()}-${i}`,
          password_hash: "inutilisable",
          role: "observer" as const,
          collectivite_id: null,
        })),
      )
      .execute();
    const first = await listDirectory(db, { q: tag, role: null, collectiviteId: null, page: 1 });
    expect(first.members).toHaveLength(DIRECTORY_PAGE_SIZE);
    expect(first.hasNext).toBe(true);
    const second = await listDirectory(db, { q: tag, role: null, collectiviteId: null, page: 2 });
    expect(second.members.map((m) => m.displayName)).toEqual([`${tag} membre 050`, `${tag} membre 051`]);
    expect(second.hasNext).toBe(false);

    let count = 0;
    const counting = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: current().handle.pool }),
      log: (event) => {
        if (event.level === "query") count++;
      },
    });
    await listDirectory(counting, { q: tag, role: null, collectiviteId: null, page: 1 });
    const full = count;
    count = 0;
    await listDirectory(counting, { q: tag, role: null, collectiviteId: null, page: 2 });
    expect(count).toBe(full);
    expect(full).toBe(1);
    // A profile costs one query, its listings one each.
    count = 0;
    const viewer: Viewer = { id: first.members[0]!.id, role: "observer", status: "active" };
    await findMemberProfile(counting, viewer, first.members[1]!.id);
    await listMemberThreads(counting, viewer, first.members[1]!.id, null);
    await listMemberReplies(counting, viewer, first.members[1]!.id, null);
    expect(count).toBe(3);
  });
});
