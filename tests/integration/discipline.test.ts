import type { Kysely } from "kysely";
import { expect, it } from "vitest";

import { signIn } from "../../app/auth/sign-in.server";
import { readSession, startSession } from "../../app/auth/session.server";
import { findMemberDiscipline, liftSuspension, suspendUntil } from "../../app/members/suspensions.server";
import { loadModerationHeader } from "../../app/moderation/header.server";
import { acknowledgeWarning, pendingWarnings, warnMember } from "../../app/moderation/warnings.server";
import type { Database } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeUser } from "./support/users";

/** Issue 9, item 11: warnings and timed suspensions, each act one journal entry. */

async function lastJournalId(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return Number(row?.id ?? 0);
}

async function journalSince(db: Kysely<Database>, since: number) {
  return db.selectFrom("audit_log").selectAll().where("id", ">", since).orderBy("id").execute();
}

function cookieHeader(setCookie: string): string {
  return setCookie.split(";")[0]!;
}

const inTenDays = () => new Date(Date.now() + 10 * 24 * 3600 * 1000);
let address = 0;
const client = () => `192.0.2.${(address += 1) % 250}`;

describeOnEachDatabase("moderation: warnings", ({ current }) => {
  it("a moderator warns a délégué: private, one user.warned entry, on every page until acknowledged, and by mail", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const member = await makeUser(db, "delegate");
    const since = await lastJournalId(db);
    const result = await warnMember(db, moderator, member.id, "Merci de citer vos sources.");
    expect(result).toMatchObject({ ok: true });
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.actor_id, e.target_user_id])).toEqual([["user.warned", moderator.id, member.id]]);
    expect(entries[0]!.details).toMatchObject({ reason: "Merci de citer vos sources." });
    // Shown on each page (unlike notices, shown once) until acknowledged; only to that member.
    for (let page = 0; page < 2; page += 1) {
      expect((await loadModerationHeader(db, member)).warnings.map((w) => w.reason)).toEqual(["Merci de citer vos sources."]);
    }
    expect((await loadModerationHeader(db, moderator)).warnings).toEqual([]);
    const mail = await db.selectFrom("outbox_message").select(["subject", "body_text"]).where("recipient", "=", member.email).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(mail.body_text).toContain("Merci de citer vos sources.");
    expect(await acknowledgeWarning(db, member.id, (await pendingWarnings(db, member.id))[0]!.id)).toBe(true);
    expect((await loadModerationHeader(db, member)).warnings).toEqual([]);
    expect((await journalSince(db, since)).length).toBe(1);
  });

  it("refuses: a délégué (403, journaled), oneself, a moderator warning another moderator, an unknown member", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const otherModerator = await makeUser(db, "moderator");
    const delegate = await makeUser(db, "delegate");
    const since = await lastJournalId(db);
    expect(await warnMember(db, delegate, moderator.id, "Ha")).toMatchObject({ ok: false, status: 403 });
    expect(await warnMember(db, moderator, moderator.id, "Moi")).toMatchObject({ ok: false, status: 403 });
    expect(await warnMember(db, moderator, otherModerator.id, "Collègue")).toMatchObject({ ok: false, status: 403 });
    expect(await warnMember(db, moderator, 99999999, "Personne")).toMatchObject({ ok: false, status: 404 });
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([["moderation.refused", delegate.id]]);
    expect(await pendingWarnings(db, moderator.id)).toEqual([]);
    expect(await pendingWarnings(db, otherModerator.id)).toEqual([]);
  });
});

describeOnEachDatabase("moderation: timed suspensions", ({ current }) => {
  it("suspends until a date: sessions end, sign-in is refused with the date and reason, one entry", async () => {
    const t = current();
    const moderator = await makeUser(t.db, "moderator");
    const member = await makeUser(t.db, "delegate");
    const session = await startSession(t.handle.pool, member.id, false);
    const until = inTenDays();
    const since = await lastJournalId(t.db);
    expect(await suspendUntil(t.db, t.handle.pool, moderator, member.id, { until, reason: "Propos injurieux répétés" })).toEqual({ ok: true });
    expect((await readSession(t.handle.pool, cookieHeader(session), false)).session).toBeNull();
    // A session that slips in after the suspension is refused too.
    const late = await startSession(t.handle.pool, member.id, false);
    expect((await readSession(t.handle.pool, cookieHeader(late), false)).session).toBeNull();
    const refused = await signIn(t.db, { email: member.email, password: member.password, clientAddress: client() });
    expect(refused).toEqual({ ok: false, reason: "suspended_until", until, why: "Propos injurieux répétés" });
    // A wrong password learns nothing about the suspension.
    expect(await signIn(t.db, { email: member.email, password: "pas-le-bon-mot-de-passe", clientAddress: client() })).toEqual({ ok: false, reason: "invalid" });
    const entries = await journalSince(t.db, since);
    expect(entries.map((e) => [e.action, e.actor_id, e.target_user_id])).toEqual([["user.suspended", moderator.id, member.id]]);
    expect(entries[0]!.details).toMatchObject({ until: until.toISOString(), reason: "Propos injurieux répétés", before: { until: null } });
    expect(await findMemberDiscipline(t.db, member.id)).toMatchObject({ suspendedUntil: until, suspensionReason: "Propos injurieux répétés" });
  });

  it("ends by itself when the date passes: sign-in works again, with no act and no entry", async () => {
    const t = current();
    const moderator = await makeUser(t.db, "moderator");
    const member = await makeUser(t.db, "observer");
    await suspendUntil(t.db, t.handle.pool, moderator, member.id, { until: inTenDays(), reason: "Une semaine de pause" });
    // Time passes: the end date is now in the past.
    await t.db.updateTable("app_user").set({ suspended_until: new Date(Date.now() - 1000) }).where("id", "=", member.id).execute();
    const since = await lastJournalId(t.db);
    expect(await signIn(t.db, { email: member.email, password: member.password, clientAddress: client() })).toMatchObject({ ok: true });
    const session = await startSession(t.handle.pool, member.id, false);
    expect((await readSession(t.handle.pool, cookieHeader(session), false)).session?.user.id).toBe(member.id);
    expect(await findMemberDiscipline(t.db, member.id)).toMatchObject({ suspendedUntil: null });
    expect(await journalSince(t.db, since)).toEqual([]);
    // Lifting what has already ended: nothing to do.
    expect(await liftSuspension(t.db, moderator, member.id)).toMatchObject({ ok: false, status: 409 });
  });

  it("a moderator lifts a suspension early: one entry, sign-in works", async () => {
    const t = current();
    const moderator = await makeUser(t.db, "moderator");
    const member = await makeUser(t.db, "delegate");
    await suspendUntil(t.db, t.handle.pool, moderator, member.id, { until: inTenDays(), reason: "Erreur" });
    const since = await lastJournalId(t.db);
    expect(await liftSuspension(t.db, moderator, member.id)).toEqual({ ok: true });
    expect(await signIn(t.db, { email: member.email, password: member.password, clientAddress: client() })).toMatchObject({ ok: true });
    expect((await journalSince(t.db, since)).map((e) => e.action)).toEqual(["user.suspension_lifted"]);
  });

  it("refuses: a délégué (403, journaled), a moderator suspending a moderator or an administrator, oneself", async () => {
    const t = current();
    const moderator = await makeUser(t.db, "moderator");
    const otherModerator = await makeUser(t.db, "moderator");
    const admin = await makeUser(t.db, "admin");
    const delegate = await makeUser(t.db, "delegate");
    const since = await lastJournalId(t.db);
    const input = { until: inTenDays(), reason: "Non" };
    expect(await suspendUntil(t.db, t.handle.pool, delegate, otherModerator.id, input)).toMatchObject({ ok: false, status: 403 });
    expect(await suspendUntil(t.db, t.handle.pool, moderator, otherModerator.id, input)).toMatchObject({ ok: false, status: 403 });
    expect(await suspendUntil(t.db, t.handle.pool, moderator, admin.id, input)).toMatchObject({ ok: false, status: 403 });
    expect(await suspendUntil(t.db, t.handle.pool, moderator, moderator.id, input)).toMatchObject({ ok: false, status: 403 });
    expect(await suspendUntil(t.db, t.handle.pool, admin, otherModerator.id, input)).toEqual({ ok: true });
    const entries = await journalSince(t.db, since);
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([
      ["moderation.refused", delegate.id],
      ["user.suspended", admin.id],
    ]);
  });
});
