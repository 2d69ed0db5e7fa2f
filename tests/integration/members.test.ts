import type { KyselyPlugin } from "kysely";
import { beforeAll, expect, it } from "vitest";

import { startSession } from "../../app/auth/session.server";
import { createUser } from "../../app/auth/users.server";
import { listCollectiviteChoices, listMembers } from "../../app/members/member-list.server";
import { findMemberProfile } from "../../app/members/profile.server";
import { loadJournalPage } from "../../app/audit/journal.server";
import { changeRole, reactivateMember, suspendMember, type MemberAdmin } from "../../app/members/members.server";
import type { User } from "../../db/schema";
import { seedDemo } from "../../db/seed";
import { describeOnEachDatabase, type TestDatabase } from "./support/databases";
import { makeUser } from "./support/users";

function asActor(user: User): MemberAdmin {
  return { id: user.id, role: user.role, status: user.status };
}

async function sessionCount(t: TestDatabase, userId: number): Promise<number> {
  const row = await t.db
    .selectFrom("user_session")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return row.n;
}

async function auditRows(t: TestDatabase, targetUserId: number) {
  return t.db.selectFrom("audit_log").selectAll().where("target_user_id", "=", targetUserId).orderBy("id").execute();
}

async function collectiviteId(t: TestDatabase, slug: string): Promise<number> {
  return (await t.db.selectFrom("collectivite").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
}

describeOnEachDatabase("member administration", ({ current }) => {
  let admin: User;

  beforeAll(async () => {
    await seedDemo(current().db);
    admin = await makeUser(current().db, "admin", { displayName: "Camille Administratrice" });
  });

  it("changes a role and writes the audit entry with from and to", async () => {
    const t = current();
    const member = await makeUser(t.db, "delegate", { displayName: "Alex Délégué" });
    const result = await changeRole(t.db, t.handle.pool, { actor: asActor(admin), userId: member.id, role: "moderator" });
    expect(result).toEqual({ ok: true, displayName: "Alex Délégué" });
    const row = await t.db.selectFrom("app_user").select(["role", "collectivite_id"]).where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ role: "moderator", collectivite_id: member.collectivite_id });
    const audit = await auditRows(t, member.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, action: "user.role_changed", details: { from: "delegate", to: "moderator" } });
  });

  it("refuses a délégué or modérateur without a collectivité, in the domain and in the database", async () => {
    const t = current();
    const observer = await makeUser(t.db, "observer");
    expect(observer.collectivite_id).toBeNull();
    for (const role of ["delegate", "moderator"] as const) {
      const refused = await changeRole(t.db, t.handle.pool, { actor: asActor(admin), userId: observer.id, role });
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.error).toMatch(/représente une collectivité/);
    }
    expect((await t.db.selectFrom("app_user").select("role").where("id", "=", observer.id).executeTakeFirstOrThrow()).role).toBe("observer");
    expect(await auditRows(t, observer.id)).toEqual([]);

    await expect(
      createUser(t.db, { email: `sans-collectivite-${Date.now()}@example.org`, displayName: "Sans Collectivité", password: "une-phrase-de-passe-solide", role: "delegate", collectiviteId: null }),
    ).rejects.toThrow(/app_user_member_has_collectivite/);

    const paris = await collectiviteId(t, "ville-de-paris");
    const ok = await changeRole(t.db, t.handle.pool, { actor: asActor(admin), userId: observer.id, role: "delegate", collectiviteId: paris });
    expect(ok.ok).toBe(true);
    const row = await t.db.selectFrom("app_user").select(["role", "collectivite_id"]).where("id", "=", observer.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ role: "delegate", collectivite_id: paris });
    const [audit] = await auditRows(t, observer.id);
    expect(audit?.details).toEqual({ from: "observer", to: "delegate", collectiviteFrom: null, collectiviteTo: "Ville de Paris" });
  });

  it("refuses an unknown role, an unknown collectivité, an unknown member and a change that changes nothing", async () => {
    const t = current();
    const member = await makeUser(t.db, "observer");
    const actor = asActor(admin);
    expect(await changeRole(t.db, t.handle.pool, { actor, userId: member.id, role: "superadmin" })).toMatchObject({ ok: false });
    expect(await changeRole(t.db, t.handle.pool, { actor, userId: member.id, role: "delegate", collectiviteId: 999_999 })).toEqual({
      ok: false,
      error: "Cette collectivité n'existe pas.",
    });
    expect(await changeRole(t.db, t.handle.pool, { actor, userId: 999_999, role: "observer" })).toEqual({ ok: false, error: "Ce membre n'existe pas." });
    expect(await changeRole(t.db, t.handle.pool, { actor, userId: member.id, role: "observer" })).toMatchObject({ ok: false, error: expect.stringMatching(/rien n'a changé/) });
    expect(await auditRows(t, member.id)).toEqual([]);
  });

  it("only lets active administrators act, checked against the database", async () => {
    const t = current();
    const moderator = await makeUser(t.db, "moderator");
    const member = await makeUser(t.db, "delegate");
    for (const act of [
      () => changeRole(t.db, t.handle.pool, { actor: asActor(moderator), userId: member.id, role: "observer" }),
      () => suspendMember(t.db, t.handle.pool, { actor: asActor(moderator), userId: member.id }),
    ]) {
      expect(await act()).toMatchObject({ ok: false, error: expect.stringMatching(/Seuls les administrateurs/) });
    }
    // An administrator demoted in the meantime, whose session still says "admin", is refused too.
    const formerAdmin = await makeUser(t.db, "admin");
    const stale = asActor(formerAdmin);
    expect((await changeRole(t.db, t.handle.pool, { actor: asActor(admin), userId: formerAdmin.id, role: "observer" })).ok).toBe(true);
    expect(await suspendMember(t.db, t.handle.pool, { actor: stale, userId: member.id })).toMatchObject({ ok: false });
    expect((await t.db.selectFrom("app_user").select("status").where("id", "=", member.id).executeTakeFirstOrThrow()).status).toBe("active");
  });

  it("does not let an administrator suspend or demote themself", async () => {
    const t = current();
    const suspended = await suspendMember(t.db, t.handle.pool, { actor: asActor(admin), userId: admin.id });
    expect(suspended).toEqual({ ok: false, error: "Vous ne pouvez pas suspendre votre propre compte." });
    const demoted = await changeRole(t.db, t.handle.pool, { actor: asActor(admin), userId: admin.id, role: "observer" });
    expect(demoted).toMatchObject({ ok: false, error: expect.stringMatching(/votre propre rôle d'administrateur/) });
    const row = await t.db.selectFrom("app_user").select(["role", "status"]).where("id", "=", admin.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ role: "admin", status: "active" });
  });

  it("suspends a member, ends all their sessions at once, and reactivates them", async () => {
    const t = current();
    const member = await makeUser(t.db, "delegate");
    const bystander = await makeUser(t.db, "delegate");
    await startSession(t.handle.pool, member.id, false);
    await startSession(t.handle.pool, member.id, false);
    await startSession(t.handle.pool, bystander.id, false);
    expect(await sessionCount(t, member.id)).toBe(2);

    expect(await suspendMember(t.db, t.handle.pool, { actor: asActor(admin), userId: member.id })).toMatchObject({ ok: true });
    expect(await sessionCount(t, member.id)).toBe(0);
    expect(await sessionCount(t, bystander.id)).toBe(1);
    expect((await t.db.selectFrom("app_user").select("status").where("id", "=", member.id).executeTakeFirstOrThrow()).status).toBe("suspended");
    expect(await suspendMember(t.db, t.handle.pool, { actor: asActor(admin), userId: member.id })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/déjà suspendu/),
    });

    expect(await reactivateMember(t.db, t.handle.pool, { actor: asActor(admin), userId: member.id })).toMatchObject({ ok: true });
    expect((await t.db.selectFrom("app_user").select("status").where("id", "=", member.id).executeTakeFirstOrThrow()).status).toBe("active");
    expect(await reactivateMember(t.db, t.handle.pool, { actor: asActor(admin), userId: member.id })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/déjà actif/),
    });

    const audit = await auditRows(t, member.id);
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([
      ["user.suspended", admin.id],
      ["user.reactivated", admin.id],
    ]);
  });

  it("lists members with filters, sorted accent-insensitively, in one query", async () => {
    const t = current();
    const idf = await collectiviteId(t, "ile-de-france");
    const paris = await collectiviteId(t, "ville-de-paris");
    const make = (displayName: string, email: string, role: "observer" | "delegate", collectivite: number | null) =>
      createUser(t.db, { email, displayName, password: "une-phrase-de-passe-solide", role, collectiviteId: collectivite });
    const fabrice = await make("Fabrice Zorglub", "fabrice.z@exemple.fr", "observer", null);
    const elodie = await make("Élodie Zorglub", "elodie.z@exemple.fr", "delegate", idf);
    const denis = await make("denis Zorglub", "denis.z@autre-exemple.fr", "delegate", paris);
    await t.db.updateTable("app_user").set({ status: "suspended" }).where("id", "=", fabrice.id).execute();

    let queries = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    };
    const counted = t.db.withPlugin(counter);
    const all = await listMembers(counted, { q: "zorglub" });
    expect(queries).toBe(1);
    expect(all.map((m) => m.displayName)).toEqual(["denis Zorglub", "Élodie Zorglub", "Fabrice Zorglub"]);
    expect(all[1]).toMatchObject({ id: elodie.id, email: "elodie.z@exemple.fr", role: "delegate", status: "active", collectiviteName: "Île-de-France", lastSeenAt: null });
    expect(all[1]?.createdAt).toBeInstanceOf(Date);
    expect(all[2]?.collectiviteName).toBeNull();

    const ids = async (query: Parameters<typeof listMembers>[1]) => (await listMembers(t.db, query)).map((m) => m.id);
    expect(await ids({ q: "ÉLODIE" })).toEqual([elodie.id]);
    expect(await ids({ q: "elodie zorg" })).toEqual([elodie.id]);
    expect(await ids({ q: "autre-exemple" })).toEqual([denis.id]);
    expect(await ids({ q: "zorglub", role: "delegate" })).toEqual([denis.id, elodie.id]);
    expect(await ids({ q: "zorglub", status: "suspended" })).toEqual([fabrice.id]);
    expect(await ids({ q: "zorglub", collectivite: paris })).toEqual([denis.id]);
    expect(await ids({ q: "zorglub", role: "observer", status: "active" })).toEqual([]);
    // LIKE wildcards typed in the search box are taken literally.
    expect(await ids({ q: "%" })).toEqual([]);
    expect(await ids({ q: "_" })).toEqual([]);
    expect((await listMembers(t.db)).length).toBeGreaterThanOrEqual(4);
  });

  it("offers the collectivités in French alphabetical order", async () => {
    const names = (await listCollectiviteChoices(current().db)).map((c) => c.name);
    expect(names.indexOf("Île-de-France")).toBeGreaterThan(names.indexOf("Haute-Normandie"));
    expect(names.indexOf("Île-de-France")).toBeLessThan(names.indexOf("Seine-et-Marne"));
  });

  it("journals each administrator act on a member, newest first, with both names", async () => {
    const t = current();
    const member = await makeUser(t.db, "delegate", { displayName: "Bérénice Journal" });
    await suspendMember(t.db, t.handle.pool, { actor: asActor(admin), userId: member.id });
    await reactivateMember(t.db, t.handle.pool, { actor: asActor(admin), userId: member.id });
    await changeRole(t.db, t.handle.pool, { actor: asActor(admin), userId: member.id, role: "observer" });

    const filters = { actorId: null, action: null, memberId: member.id, threadId: null, from: null, to: null, before: null };
    const journal = await loadJournalPage(t.db, asActor(admin), filters);
    if (!journal.ok) throw new Error("journal refused to an administrator");
    const entries = journal.page.entries;
    expect(entries.map((e) => e.action)).toEqual(["user.role_changed", "user.reactivated", "user.suspended"]);
    expect(entries[0]).toMatchObject({
      actorId: admin.id,
      actorName: "Camille Administratrice",
      targetUserId: member.id,
      targetName: "Bérénice Journal",
      details: { from: "delegate", to: "observer" },
    });
    expect(entries[0]?.createdAt).toBeInstanceOf(Date);
    expect(journal.page.nextBefore).toBeNull();
  });

  it("shows a member's profile to another member without the e-mail address", async () => {
    const t = current();
    const member = await makeUser(t.db, "delegate", { displayName: "Profil Public" });
    const reader = await makeUser(t.db, "delegate");
    const viewer = { id: reader.id, role: reader.role, status: reader.status };
    const profile = await findMemberProfile(t.db, viewer, member.id);
    expect(profile).toMatchObject({
      id: member.id,
      displayName: "Profil Public",
      handle: expect.stringMatching(/^profil-public(-\d+)?$/),
      role: "delegate",
      status: "active",
      collectivite: { name: "Île-de-France", slug: "ile-de-france" },
    });
    expect(JSON.stringify(profile)).not.toContain(member.email);
    expect(profile).not.toHaveProperty("email");

    const observer = await makeUser(t.db, "observer");
    expect((await findMemberProfile(t.db, viewer, observer.id))?.collectivite).toBeNull();
    expect(await findMemberProfile(t.db, viewer, 999_999)).toBeUndefined();
    expect(await findMemberProfile(t.db, viewer, 99_999_999_999)).toBeUndefined();
  });
});

