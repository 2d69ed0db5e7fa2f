import { sql } from "kysely";
import { expect, it } from "vitest";

import { completePasswordReset, findValidReset, requestPasswordReset } from "../../app/auth/password-reset.server";
import { verifyPassword } from "../../app/auth/password.server";
import { readSession, startSession } from "../../app/auth/session.server";
import { hashToken } from "../../app/auth/tokens.server";
import { findUserById } from "../../app/auth/users.server";
import { describeOnEachDatabase } from "./support/databases";
import { makeUser } from "./support/users";

const baseUrl = "https://echanges.example.org";
const newPassword = "une toute nouvelle phrase secrète";

describeOnEachDatabase("password reset", ({ current }) => {
  const outboxCount = async () =>
    (await current().db.selectFrom("outbox_message").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;
  const resetCount = async () =>
    (await current().db.selectFrom("password_reset").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;

  /** Asks for a reset and reads the token back from the queued e-mail, as the member would. */
  async function requestAndReadToken(email: string): Promise<string> {
    const before = await current().db.selectFrom("outbox_message").select("id").orderBy("id", "desc").executeTakeFirst();
    await requestPasswordReset(current().db, email, { baseUrl });
    const mail = await current()
      .db.selectFrom("outbox_message")
      .selectAll()
      .where("id", ">", before?.id ?? 0)
      .executeTakeFirstOrThrow();
    const match = new RegExp(`${baseUrl}/mot-de-passe-oublie/([A-Za-z0-9_-]+)`).exec(mail.secret_link ?? "");
    expect(match).not.toBeNull();
    return match![1]!;
  }

  it("queues exactly one e-mail for an active member, and stores only the token's hash", async () => {
    const user = await makeUser(current().db, "delegate", { displayName: "Claire Martin" });
    const [mails, resets] = [await outboxCount(), await resetCount()];
    await requestPasswordReset(current().db, `  ${user.email.toUpperCase()} `, { baseUrl });
    expect(await outboxCount()).toBe(mails + 1);
    expect(await resetCount()).toBe(resets + 1);

    const mail = await current().db.selectFrom("outbox_message").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ recipient: user.email, status: "pending", subject: expect.stringContaining("mot de passe") });
    expect(mail.body_text).toContain("Bonjour Claire Martin");
    const token = new RegExp(`^${baseUrl}/mot-de-passe-oublie/([A-Za-z0-9_-]{43})$`).exec(mail.secret_link ?? "")?.[1];
    expect(token).toBeDefined();

    const reset = await current().db.selectFrom("password_reset").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(reset.user_id).toBe(user.id);
    expect(reset.token_hash).toBe(hashToken(token!));
    expect(JSON.stringify(reset)).not.toContain(token!);
    expect(reset.used_at).toBeNull();
    const lifetime = reset.expires_at.getTime() - reset.created_at.getTime();
    expect(lifetime).toBe(60 * 60_000);
  });

  it("queues nothing for an unknown, malformed or suspended address", async () => {
    const suspended = await makeUser(current().db, "observer");
    await current().db.updateTable("app_user").set({ status: "suspended" }).where("id", "=", suspended.id).execute();
    const [mails, resets] = [await outboxCount(), await resetCount()];
    for (const email of ["personne@example.org", "pas une adresse", "", suspended.email]) {
      expect(await requestPasswordReset(current().db, email, { baseUrl })).toBeUndefined();
    }
    expect(await outboxCount()).toBe(mails);
    expect(await resetCount()).toBe(resets);
  });

  it("sets the new password once, ends every session, and voids the other links", async () => {
    const { pool } = current().handle;
    const user = await makeUser(current().db, "delegate");
    const older = await requestAndReadToken(user.email);
    const token = await requestAndReadToken(user.email);
    const cookies = [await startSession(pool, user.id, false), await startSession(pool, user.id, true)];
    const bystander = await makeUser(current().db, "observer");
    const bystanderCookie = await startSession(pool, bystander.id, false);

    expect(await findValidReset(current().db, token)).toEqual({ userId: user.id, email: user.email, displayName: user.display_name });
    expect(await completePasswordReset(current().db, token, newPassword)).toEqual({ ok: true, userId: user.id });

    const sessions = await current().db.selectFrom("user_session").select("id").where("user_id", "=", user.id).execute();
    expect(sessions).toEqual([]);
    for (const cookie of cookies) {
      expect((await readSession(pool, cookie.split(";")[0]!, false)).session).toBeNull();
    }
    expect((await readSession(pool, bystanderCookie.split(";")[0]!, false)).session?.user.id).toBe(bystander.id);

    const stored = await findUserById(current().db, user.id);
    expect(await verifyPassword(stored!.password_hash, user.password)).toBe(false);
    expect(await verifyPassword(stored!.password_hash, newPassword)).toBe(true);

    // Single use: the same link, and the one asked for earlier, no longer work.
    expect(await findValidReset(current().db, token)).toBeNull();
    expect(await completePasswordReset(current().db, token, "encore un autre mot de passe")).toEqual({ ok: false });
    expect(await findValidReset(current().db, older)).toBeNull();
    expect(await completePasswordReset(current().db, older, "encore un autre mot de passe")).toEqual({ ok: false });
    const after = await findUserById(current().db, user.id);
    expect(after!.password_hash).toBe(stored!.password_hash);
  });

  it("refuses an expired link, an unknown one, and one whose account was suspended", async () => {
    const user = await makeUser(current().db, "observer");
    const token = await requestAndReadToken(user.email);
    await current()
      .db.updateTable("password_reset")
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where("token_hash", "=", hashToken(token))
      .execute();
    expect(await findValidReset(current().db, token)).toBeNull();
    expect(await completePasswordReset(current().db, token, newPassword)).toEqual({ ok: false });
    expect(await completePasswordReset(current().db, "inconnu", newPassword)).toEqual({ ok: false });
    expect(await completePasswordReset(current().db, "", newPassword)).toEqual({ ok: false });

    const fresh = await requestAndReadToken(user.email);
    await current().db.updateTable("app_user").set({ status: "suspended" }).where("id", "=", user.id).execute();
    expect(await findValidReset(current().db, fresh)).toBeNull();
    expect(await completePasswordReset(current().db, fresh, newPassword)).toEqual({ ok: false });

    const stored = await findUserById(current().db, user.id);
    expect(await verifyPassword(stored!.password_hash, user.password)).toBe(true);
  });

  it("resets once when the same link is submitted twice at the same time", async (ctx) => {
    if (current().backend !== "postgresql") ctx.skip();
    const second = await current().openSecondHandle();
    const user = await makeUser(current().db, "delegate");
    const token = await requestAndReadToken(user.email);
    const results = await Promise.all([
      completePasswordReset(current().db, token, "premier mot de passe choisi"),
      completePasswordReset(second.db, token, "second mot de passe choisi"),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});
