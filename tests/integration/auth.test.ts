import { createHash } from "node:crypto";

import { sql } from "kysely";
import { expect, it } from "vitest";

import { endAllSessions, readSession, startSession } from "../../app/auth/session.server";
import { signIn } from "../../app/auth/sign-in.server";
import { clearRateLimit, hitRateLimit, rules } from "../../app/security/rate-limit.server";
import type { AuditEntry } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeUser } from "./support/users";

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function cookieHeader(setCookie: string): string {
  return setCookie.split(";")[0]!;
}

describeOnEachDatabase("sign-in", ({ current }) => {
  it("accepts the right password whatever the case of the address", async () => {
    const user = await makeUser(current().db, "delegate", { email: "claire.dupont@example.org" });
    const result = await signIn(current().db, { email: "  Claire.DUPONT@example.org ", password: user.password, clientAddress: "10.0.0.1" });
    expect(result).toMatchObject({ ok: true, userId: user.id });
  });

  it("answers an unknown address exactly like a wrong password", async () => {
    const user = await makeUser(current().db, "observer");
    const wrong = await signIn(current().db, { email: user.email, password: "pas le bon mot de passe", clientAddress: "10.0.0.2" });
    const unknown = await signIn(current().db, { email: "personne@example.org", password: "peu importe ici", clientAddress: "10.0.0.2" });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
  });

  it("refuses a suspended account, and says so only to someone who knows the password", async () => {
    const user = await makeUser(current().db, "delegate");
    await current().db.updateTable("app_user").set({ status: "suspended" }).where("id", "=", user.id).execute();
    expect(await signIn(current().db, { email: user.email, password: user.password, clientAddress: "10.0.0.3" })).toEqual({ ok: false, reason: "suspended" });
    expect(await signIn(current().db, { email: user.email, password: "mauvais mot de passe", clientAddress: "10.0.0.3" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("stops guessing on one account after 8 attempts, whatever the IP", async () => {
    const user = await makeUser(current().db, "delegate");
    for (let i = 0; i < rules.signInPerAccount.limit; i++) {
      const r = await signIn(current().db, { email: user.email, password: `essai-numero-${i}`, clientAddress: `10.1.0.${i}` });
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    const blocked = await signIn(current().db, { email: user.email, password: user.password, clientAddress: "10.1.1.1" });
    expect(blocked).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(blocked.ok === false && "retryAfterSeconds" in blocked && blocked.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("stops one IP after 30 attempts across accounts", async () => {
    for (let i = 0; i < rules.signInPerIp.limit; i++) {
      await signIn(current().db, { email: `inconnu${i}@example.org`, password: "nimporte quoi", clientAddress: "10.9.9.9" });
    }
    const user = await makeUser(current().db, "observer");
    expect(await signIn(current().db, { email: user.email, password: user.password, clientAddress: "10.9.9.9" })).toMatchObject({ reason: "rate_limited" });
    expect(await signIn(current().db, { email: user.email, password: user.password, clientAddress: "10.9.9.8" })).toMatchObject({ ok: true });
  });
});

describeOnEachDatabase("sign-in lockouts (device cookies)", ({ current }) => {
  async function lockUntrusted(email: string) {
    for (let i = 0; i <= rules.signInPerAccount.limit; i++) {
      await signIn(current().db, { email, password: `attaque-${i}`, clientAddress: `203.0.113.${i}` });
    }
  }

  it("let the owner with a device cookie in while an attacker has locked the account", async () => {
    const user = await makeUser(current().db, "admin");
    const first = await signIn(current().db, { email: user.email, password: user.password, clientAddress: "10.2.0.1" });
    if (!first.ok) throw new Error("first sign-in failed");
    await lockUntrusted(user.email);
    // Untrusted attempts, the right password included, are refused with a delay.
    const untrusted = await signIn(current().db, { email: user.email, password: user.password, clientAddress: "10.2.0.1" });
    expect(untrusted).toMatchObject({ ok: false, reason: "rate_limited", retryAfterSeconds: expect.any(Number) });
    const owner = await signIn(current().db, { email: user.email, password: user.password, clientAddress: "10.2.0.1", deviceCookie: first.deviceCookie });
    expect(owner).toMatchObject({ ok: true, userId: user.id });
  });

  it("do not help with a forged cookie or one issued to another account", async () => {
    const victim = await makeUser(current().db, "moderator");
    const attacker = await makeUser(current().db, "observer");
    const own = await signIn(current().db, { email: attacker.email, password: attacker.password, clientAddress: "10.3.0.1" });
    if (!own.ok) throw new Error("sign-in failed");
    await lockUntrusted(victim.email);
    const [, nonce, mac] = own.deviceCookie.split(".");
    const forged = [own.deviceCookie, `${victim.id}.${nonce}.${mac}`, `${victim.id}.${nonce}.${"A".repeat(43)}`, "n'importe quoi"];
    for (const deviceCookie of forged) {
      const r = await signIn(current().db, { email: victim.email, password: victim.password, clientAddress: "10.3.0.2", deviceCookie });
      expect(r).toMatchObject({ ok: false, reason: "rate_limited" });
    }
  });

  it("give each device cookie its own budget of 10 failures, after which it is refused", async () => {
    const user = await makeUser(current().db, "delegate");
    const first = await signIn(current().db, { email: user.email, password: user.password, clientAddress: "10.4.0.1" });
    if (!first.ok) throw new Error("sign-in failed");
    for (let i = 0; i < rules.signInPerDevice.limit; i++) {
      const r = await signIn(current().db, { email: user.email, password: `faute-${i}`, clientAddress: "10.4.0.1", deviceCookie: first.deviceCookie });
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    const refused = await signIn(current().db, { email: user.email, password: user.password, clientAddress: "10.4.0.1", deviceCookie: first.deviceCookie });
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
    // Those failures did not touch the account's untrusted budget.
    expect(await signIn(current().db, { email: user.email, password: user.password, clientAddress: "10.4.0.2" })).toMatchObject({ ok: true });
  });

  it("count only failures per address: 31 sign-ins from one office address all succeed", async () => {
    const user = await makeUser(current().db, "observer");
    for (let i = 0; i < rules.signInPerIp.limit + 1; i++) {
      const r = await signIn(current().db, { email: user.email, password: user.password, clientAddress: "192.0.2.10" });
      expect(r).toMatchObject({ ok: true });
    }
  });

  it("journal a lockout once per window, and never for an unknown address", async () => {
    const user = await makeUser(current().db, "delegate");
    const journal = (): Promise<AuditEntry[]> =>
      current().db.selectFrom("audit_log").selectAll().where("action", "=", "user.sign_in_locked").orderBy("id").execute();
    const before = (await journal()).length;
    await lockUntrusted(user.email);
    await lockUntrusted(user.email);
    await lockUntrusted("personne-inconnue@example.org");
    const entries = (await journal()).slice(before);
    expect(entries.map((e) => [e.actor_id, e.target_user_id])).toEqual([[null, user.id]]);
    // No enumeration: a locked unknown address answers like a locked account.
    const unknown = await signIn(current().db, { email: "personne-inconnue@example.org", password: "x", clientAddress: "10.5.0.1" });
    expect(unknown).toMatchObject({ ok: false, reason: "rate_limited" });
  });
});

describeOnEachDatabase("rate limits", ({ current }) => {
  it("count within a window, reset after it, and can be cleared", async () => {
    const rule = { name: "test:window", limit: 2, windowSeconds: 60 };
    expect((await hitRateLimit(current().db, rule, "a")).allowed).toBe(true);
    expect((await hitRateLimit(current().db, rule, "a")).allowed).toBe(true);
    expect((await hitRateLimit(current().db, rule, "a")).allowed).toBe(false);
    expect((await hitRateLimit(current().db, rule, "b")).allowed).toBe(true);
    await current().db.updateTable("rate_limit").set({ window_ends_at: sql<Date>`now() - interval '1 second'` }).where("key", "=", "test:window:a").execute();
    expect((await hitRateLimit(current().db, rule, "a")).allowed).toBe(true);
    await hitRateLimit(current().db, rule, "a");
    await clearRateLimit(current().db, rule, "A");
    expect((await hitRateLimit(current().db, rule, "a")).allowed).toBe(true);
  });
});

describeOnEachDatabase("sessions", ({ current }) => {
  it("start, read back, and end everywhere", async () => {
    const { pool } = current().handle;
    const user = await makeUser(current().db, "delegate");
    const first = await startSession(pool, user.id, false);
    const second = await startSession(pool, user.id, true);
    expect(first).toMatch(/HttpOnly/i);
    expect(first).toMatch(/SameSite=Lax/i);
    expect(first).not.toMatch(/Secure/i);
    expect(second).toMatch(/Secure/i);
    expect(cookieHeader(first)).not.toBe(cookieHeader(second));

    const read = await readSession(pool, cookieHeader(first), false);
    expect(read.session?.user).toMatchObject({ id: user.id, role: "delegate", displayName: user.display_name });
    expect(read.session?.user).not.toHaveProperty("passwordHash");

    await endAllSessions(pool, user.id);
    const after = await readSession(pool, cookieHeader(second), true);
    expect(after.session).toBeNull();
    expect(after.setCookie).toMatch(/Max-Age=0/i);
  });

  it("end at once for a suspended member", async () => {
    const { pool } = current().handle;
    const user = await makeUser(current().db, "moderator");
    const cookie = await startSession(pool, user.id, false);
    await current().db.updateTable("app_user").set({ status: "suspended" }).where("id", "=", user.id).execute();
    expect((await readSession(pool, cookieHeader(cookie), false)).session).toBeNull();
    const left = await current().db.selectFrom("user_session").select("id").where("user_id", "=", user.id).execute();
    expect(left).toEqual([]);
  });

  it("slide: a session in the second half of its life is extended and its cookie refreshed", async () => {
    const { pool } = current().handle;
    const user = await makeUser(current().db, "observer");
    const cookie = await startSession(pool, user.id, false);
    const token = cookieHeader(cookie).split("=")[1]!;
    const id = sha256(token);
    await current().db.updateTable("user_session").set({ expires_at: sql<Date>`now() + interval '2 days'` }).where("id", "=", id).execute();
    const read = await readSession(pool, cookieHeader(cookie), false);
    expect(read.setCookie).toContain(token);
    const row = await current().db.selectFrom("user_session").select("expires_at").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.expires_at.getTime() - Date.now()).toBeGreaterThan(20 * 24 * 3600 * 1000);
  });
});

describeOnEachDatabase("session storage", ({ current }) => {
  it("stores only the SHA-256 of the cookie's token", async () => {
    const { pool } = current().handle;
    const user = await makeUser(current().db, "delegate");
    const token = cookieHeader(await startSession(pool, user.id, false)).split("=")[1]!;
    const rows = await current().db.selectFrom("user_session").select("id").where("user_id", "=", user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toBe(token);
    expect(rows[0]!.id).toBe(sha256(token));
    // The row's id is no key: a cookie carrying it is refused.
    expect((await readSession(pool, `openent_session=${rows[0]!.id}`, false)).session).toBeNull();
    expect((await readSession(pool, `openent_session=${token}`, false)).session?.user.id).toBe(user.id);
  });

  it("refuse a session older than 90 days, even one used recently", async () => {
    const { pool } = current().handle;
    const user = await makeUser(current().db, "observer");
    const cookie = cookieHeader(await startSession(pool, user.id, false));
    await current()
      .db.updateTable("user_session")
      .set({ created_at: sql<Date>`now() - interval '91 days'`, expires_at: sql<Date>`now() + interval '29 days'` })
      .where("user_id", "=", user.id)
      .execute();
    const read = await readSession(pool, cookie, false);
    expect(read.session).toBeNull();
    expect(read.setCookie).toMatch(/Max-Age=0/i);
    expect(await current().db.selectFrom("user_session").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
  });

  it("use the __Host- name over HTTPS (Secure, Path=/, no Domain) and the plain name over HTTP", async () => {
    const { pool } = current().handle;
    const user = await makeUser(current().db, "observer");
    const secure = await startSession(pool, user.id, true);
    expect(secure).toMatch(/^__Host-openent_session=/);
    expect(secure).toMatch(/;\s*Secure/i);
    expect(secure).toMatch(/;\s*Path=\/(;|$)/i);
    expect(secure).not.toMatch(/Domain=/i);
    const plain = await startSession(pool, user.id, false);
    expect(plain).toMatch(/^openent_session=/);
    expect(plain).not.toMatch(/Secure/i);
    // Each is read under its own name only.
    expect((await readSession(pool, cookieHeader(secure), true)).session?.user.id).toBe(user.id);
    expect((await readSession(pool, cookieHeader(plain), false)).session?.user.id).toBe(user.id);
    const plainToken = cookieHeader(plain).split("=")[1]!;
    expect((await readSession(pool, `openent_session=${plainToken}`, true)).session).toBeNull();
  });
});
