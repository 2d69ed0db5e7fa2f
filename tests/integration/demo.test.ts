import { expect, it } from "vitest";

import { signIn } from "../../app/auth/sign-in.server";
import { setPasswordForTest } from "./support/demo";
import { createReply } from "../../app/forum/posts.server";
import { prepareEmbeddedDemo, removeDemo } from "../../db/demo";
import { demoAccounts } from "../../db/demo-accounts";
import { describeOnEachDatabase } from "./support/databases";
import { makeUser } from "./support/users";

const [admin, moderator, delegate, observer] = demoAccounts as [
  (typeof demoAccounts)[number],
  (typeof demoAccounts)[number],
  (typeof demoAccounts)[number],
  (typeof demoAccounts)[number],
];

describeOnEachDatabase("embedded demo", ({ current }) => {
  const signInWith = (email: string, password: string) => signIn(current().db, { email, password, clientAddress: "10.8.0.1" });
  const demoUserCount = async () =>
    (await current().db.selectFrom("app_user").select("id").where("email", "in", demoAccounts.map((a) => a.email)).execute()).length;

  it("is seeded once: later starts keep changed passwords and never re-create an account", async () => {
    expect((await prepareEmbeddedDemo(current().db)).status).toBe("seeded");
    expect(await signInWith(admin.email, admin.password)).toMatchObject({ ok: true });
    const threads = (await current().db.selectFrom("thread").select("id").execute()).length;
    expect(threads).toBeGreaterThan(0);

    await setPasswordForTest(current().db, admin.email, "un nouveau secret bien à moi");
    await current().db.updateTable("app_user").set({ email: "camille@collectivite.example" }).where("email", "=", observer.email).execute();

    for (let start = 0; start < 2; start++) {
      expect(await prepareEmbeddedDemo(current().db)).toEqual({ status: "kept", accountsPresent: true });
    }
    expect(await signInWith(admin.email, admin.password)).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWith(admin.email, "un nouveau secret bien à moi")).toMatchObject({ ok: true });
    expect(await signInWith(observer.email, observer.password)).toEqual({ ok: false, reason: "invalid" });
    expect((await current().db.selectFrom("thread").select("id").execute()).length).toBe(threads);
  });

  it("is removed by demo:remove, for good, and removing twice is harmless", async () => {
    // A member replies in a demo thread, a demo account replies in a member's thread.
    const member = await makeUser(current().db, "delegate");
    const demoThread = await current().db.selectFrom("thread").select("id").orderBy("id").executeTakeFirstOrThrow();
    const viewer = { id: member.id, role: member.role, status: member.status } as const;
    expect((await createReply(current().db, viewer, demoThread.id, "Une réponse d'un vrai membre.")).ok).toBe(true);
    const { createThread } = await import("../../app/forum/threads.server");
    const collectivite = await current().db.selectFrom("collectivite").select("id").executeTakeFirstOrThrow();
    const topic = await current().db.selectFrom("topic").select("id").executeTakeFirstOrThrow();
    const own = await createThread(current().db, viewer, {
      title: "Un fil d'un vrai membre",
      kind: "discussion",
      body: "Bonjour à toutes et à tous.",
      collectiviteIds: [collectivite.id],
      topicIds: [topic.id],
      report: null,
    });
    if (!own.ok) throw new Error(JSON.stringify(own.errors));
    const demoModerator = await current().db.selectFrom("app_user").select(["id", "role", "status"]).where("email", "=", moderator.email).executeTakeFirstOrThrow();
    expect((await createReply(current().db, demoModerator, own.id, "Réponse du compte de démonstration.")).ok).toBe(true);

    const removed = await removeDemo(current().db);
    expect(removed).toMatchObject({ deleted: 2, retired: 1 });
    expect(removed.threads).toBeGreaterThan(0);
    for (const account of [admin, moderator, delegate]) {
      expect((await signInWith(account.email, account.password)).ok).toBe(false);
    }
    // Demo threads are gone; the member's own thread stays, with the demo reply.
    const left = await current().db.selectFrom("thread").select(["id", "author_id"]).execute();
    expect(left.map((t) => t.id)).toEqual([own.id]);

    expect(await removeDemo(current().db)).toEqual({ threads: 0, deleted: 0, retired: 0 });
    expect(await prepareEmbeddedDemo(current().db)).toEqual({ status: "removed", accountsPresent: false });
    expect(await demoUserCount()).toBe(1);
    const journal = await current().db.selectFrom("audit_log").select("action").where("action", "=", "demo.removed").execute();
    expect(journal).toHaveLength(1);
  });
});
