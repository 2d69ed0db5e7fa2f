import { expect, it } from "vitest";

import { verifyPassword } from "../../app/auth/password.server";
import { readSession, startSession } from "../../app/auth/session.server";
import {
  changeOwnPassword,
  findOwnAccount,
  signOutEverywhere,
  updateDisplayName,
} from "../../app/members/account.server";
import { rules } from "../../app/security/rate-limit.server";
import { describeOnEachDatabase, type TestDatabase } from "./support/databases";
import { makeUser } from "./support/users";

async function sessionCount(t: TestDatabase, userId: number): Promise<number> {
  const row = await t.db
    .selectFrom("user_session")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return row.n;
}

async function passwordHash(t: TestDatabase, userId: number): Promise<string> {
  return (await t.db.selectFrom("app_user").select("password_hash").where("id", "=", userId).executeTakeFirstOrThrow()).password_hash;
}

const cookieHeader = (setCookie: string) => setCookie.split(";")[0]!;

describeOnEachDatabase("own account", ({ current }) => {
  it("shows the member their own address, role and collectivité", async () => {
    const t = current();
    const member = await makeUser(t.db, "delegate", { displayName: "Claire Compte" });
    expect(await findOwnAccount(t.db, member.id)).toEqual({
      id: member.id,
      email: member.email,
      displayName: "Claire Compte",
      role: "delegate",
      createdAt: expect.any(Date),
      collectivite: { name: "Île-de-France", slug: "ile-de-france" },
    });
    expect(await findOwnAccount(t.db, 999_999)).toBeUndefined();
  });

  it("changes the display name, trimmed, between 2 and 80 characters", async () => {
    const t = current();
    const member = await makeUser(t.db, "observer", { displayName: "Ancien Nom" });
    expect(await updateDisplayName(t.db, member.id, "  Nouveau Nom  ")).toEqual({ ok: true, displayName: "Nouveau Nom" });
    expect((await t.db.selectFrom("app_user").select("display_name").where("id", "=", member.id).executeTakeFirstOrThrow()).display_name).toBe("Nouveau Nom");

    for (const bad of ["", "   ", " a ", "x".repeat(81)]) {
      const result = await updateDisplayName(t.db, member.id, bad);
      expect(result).toEqual({ ok: false, errors: { displayName: "Le nom d'affichage doit faire entre 2 et 80 caractères." } });
    }
    expect(await updateDisplayName(t.db, member.id, "Deux\nlignes")).toMatchObject({ ok: false, errors: { displayName: expect.stringMatching(/retour à la ligne/) } });
    // 80 characters, counted as PostgreSQL counts them (an emoji is one character, two UTF-16 units).
    expect(await updateDisplayName(t.db, member.id, "é".repeat(79) + "🙂")).toMatchObject({ ok: true });
    expect((await t.db.selectFrom("app_user").select("display_name").where("id", "=", member.id).executeTakeFirstOrThrow()).display_name).toBe(
      "é".repeat(79) + "🙂",
    );
  });

  it("refuses bidi, zero-width and NUL characters, and a name another member has ignoring case and accents", async () => {
    const t = current();
    await makeUser(t.db, "observer", { displayName: "Hélène Durand" });
    const member = await makeUser(t.db, "observer", { displayName: "Autre Membre" });
    for (const [name, message] of [
      ["\u202eDurand", /sens d'écriture/],
      ["Du\u200drand", /invisible/],
      ["Durand\u0000", /caractère nul/],
      ["helene durand", /porte déjà ce nom/],
      ["HÉLÈNE DURAND", /porte déjà ce nom/],
    ] as const) {
      expect(await updateDisplayName(t.db, member.id, name), JSON.stringify(name)).toMatchObject({
        ok: false,
        errors: { displayName: expect.stringMatching(message) },
      });
    }
    // The member's own name, in another case, is not a conflict.
    expect(await updateDisplayName(t.db, member.id, "autre membre")).toEqual({ ok: true, displayName: "autre membre" });
  });

  it("refuses a wrong current password and keeps the sessions", async () => {
    const t = current();
    const member = await makeUser(t.db, "delegate");
    await startSession(t.handle.pool, member.id, false);
    const before = await passwordHash(t, member.id);
    const result = await changeOwnPassword(t.db, t.handle.pool, member.id, { current: "pas-le-bon-mot-de-passe", next: "une-toute-nouvelle-phrase" });
    expect(result).toEqual({ ok: false, errors: { current: "Le mot de passe actuel est incorrect." } });
    expect(await passwordHash(t, member.id)).toBe(before);
    expect(await sessionCount(t, member.id)).toBe(1);
  });

  it("refuses a weak new password with the policy's message", async () => {
    const t = current();
    const member = await makeUser(t.db, "delegate");
    const before = await passwordHash(t, member.id);
    const short = await changeOwnPassword(t.db, t.handle.pool, member.id, { current: member.password, next: "court123" });
    expect(short).toEqual({ ok: false, errors: { next: "Le mot de passe doit contenir au moins 12 caractères." } });
    const common = await changeOwnPassword(t.db, t.handle.pool, member.id, { current: member.password, next: "Azerty123456" });
    expect(common).toMatchObject({ ok: false, errors: { next: expect.stringMatching(/trop courant/) } });
    const same = await changeOwnPassword(t.db, t.handle.pool, member.id, { current: member.password, next: member.password });
    expect(same).toMatchObject({ ok: false, errors: { next: expect.stringMatching(/différent/) } });
    expect(await passwordHash(t, member.id)).toBe(before);
  });

  it("sets a good new password and ends every session of the member", async () => {
    const t = current();
    const member = await makeUser(t.db, "delegate");
    const other = await makeUser(t.db, "delegate");
    const here = await startSession(t.handle.pool, member.id, false);
    await startSession(t.handle.pool, member.id, false);
    await startSession(t.handle.pool, other.id, false);

    const result = await changeOwnPassword(t.db, t.handle.pool, member.id, { current: member.password, next: "une-toute-nouvelle-phrase" });
    expect(result).toEqual({ ok: true });
    expect(await sessionCount(t, member.id)).toBe(0);
    expect(await sessionCount(t, other.id)).toBe(1);
    expect((await readSession(t.handle.pool, cookieHeader(here), false)).session).toBeNull();
    const hash = await passwordHash(t, member.id);
    expect(await verifyPassword(hash, "une-toute-nouvelle-phrase")).toBe(true);
    expect(await verifyPassword(hash, member.password)).toBe(false);
  });

  it("limits guesses of the current password", async () => {
    const t = current();
    const member = await makeUser(t.db, "observer");
    for (let i = 0; i < rules.passwordChange.limit; i++) {
      const r = await changeOwnPassword(t.db, t.handle.pool, member.id, { current: `essai-${i}`, next: "une-toute-nouvelle-phrase" });
      expect(r).toMatchObject({ ok: false, errors: { current: "Le mot de passe actuel est incorrect." } });
    }
    const blocked = await changeOwnPassword(t.db, t.handle.pool, member.id, { current: member.password, next: "une-toute-nouvelle-phrase" });
    expect(blocked).toMatchObject({ ok: false, retryAfterSeconds: expect.any(Number), errors: { current: expect.stringMatching(/Trop de tentatives/) } });
  });

  it("signs out everywhere", async () => {
    const t = current();
    const member = await makeUser(t.db, "moderator");
    await startSession(t.handle.pool, member.id, false);
    await startSession(t.handle.pool, member.id, false);
    await signOutEverywhere(t.handle.pool, member.id);
    expect(await sessionCount(t, member.id)).toBe(0);
  });
});
