import { sql } from "kysely";
import { expect, it } from "vitest";

import { verifyPassword } from "../../app/auth/password.server";
import {
  acceptInvitation,
  createInvitation,
  findInvitationByToken,
  listPendingInvitations,
  resendInvitation,
  revokeInvitation,
} from "../../app/invitations/invitations.server";
import { describeOnEachDatabase } from "./support/databases";
import { makeUser } from "./support/users";

const base = "https://echanges.example.org";

function tokenFromMail(link: string | null): string {
  const match = (link ?? "").match(/https:\/\/echanges\.example\.org\/invitation\/([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no link in ${link}`);
  return match[1]!;
}

describeOnEachDatabase("invitations", ({ current }) => {
  async function lastMail(to: string) {
    return current().db.selectFrom("outbox_message").selectAll().where("recipient", "=", to).orderBy("id", "desc").executeTakeFirstOrThrow();
  }

  async function inviter(role: "admin" | "moderator") {
    const user = await makeUser(current().db, role);
    return { id: user.id, role: user.role, status: user.status, displayName: user.display_name };
  }

  async function collectiviteId() {
    return (await current().db.selectFrom("collectivite").select("id").where("slug", "=", "seine-maritime").executeTakeFirstOrThrow()).id;
  }

  it("queue the e-mail with the invitation and store only the token's hash", async () => {
    const admin = await inviter("admin");
    const result = await createInvitation(current().db, admin, { email: "Lea.Martin@Seine-Maritime.fr", role: "delegate", collectiviteId: await collectiviteId() }, base);
    expect(result.ok).toBe(true);
    const mail = await lastMail("lea.martin@seine-maritime.fr");
    const token = tokenFromMail(mail.secret_link);
    const row = await current().db.selectFrom("invitation").selectAll().where("email", "=", "lea.martin@seine-maritime.fr").executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expires_at.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    const audit = await current().db.selectFrom("audit_log").select("action").where("actor_id", "=", admin.id).execute();
    expect(audit.map((a) => a.action)).toContain("invitation.created");
  });

  it("refuse bad input with French field messages", async () => {
    const moderator = await inviter("moderator");
    const bad = await createInvitation(current().db, moderator, { email: "pas-une-adresse", role: "admin", collectiviteId: null }, base);
    expect(bad).toEqual({ ok: false, errors: { email: expect.stringMatching(/adresse e-mail valide/), role: expect.stringMatching(/ne pouvez pas/) } });
    const noCollectivite = await createInvitation(current().db, moderator, { email: "x@example.org", role: "delegate", collectiviteId: null }, base);
    expect(noCollectivite).toMatchObject({ ok: false, errors: { collectiviteId: expect.stringMatching(/collectivité/) } });
    const member = await makeUser(current().db, "observer");
    const taken = await createInvitation(current().db, moderator, { email: member.email.toUpperCase(), role: "observer", collectiviteId: null }, base);
    expect(taken).toMatchObject({ ok: false, errors: { email: expect.stringMatching(/déjà/) } });
  });

  it("are accepted once: the member exists, can sign in, and the link is spent", async () => {
    const admin = await inviter("admin");
    const email = `accepte-${Date.now()}@example.org`;
    await createInvitation(current().db, admin, { email, role: "delegate", collectiviteId: await collectiviteId() }, base);
    const token = tokenFromMail((await lastMail(email)).secret_link);
    expect(await findInvitationByToken(current().db, token)).toMatchObject({ status: "valid", email, role: "delegate", collectiviteName: "Seine-Maritime" });

    const weak = await acceptInvitation(current().db, token, { displayName: "Léa", password: "azerty123456", confirmation: "azerty123456" });
    expect(weak).toMatchObject({ ok: false, errors: { password: expect.stringMatching(/courant/) } });
    const mismatch = await acceptInvitation(current().db, token, { displayName: "Léa", password: "une phrase assez longue", confirmation: "une autre phrase" });
    expect(mismatch).toMatchObject({ ok: false, errors: { confirmation: expect.stringMatching(/correspondent/) } });

    const accepted = await acceptInvitation(current().db, token, { displayName: " Léa Martin ", password: "une phrase assez longue", confirmation: "une phrase assez longue" });
    expect(accepted.ok).toBe(true);
    const user = await current().db.selectFrom("app_user").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ display_name: "Léa Martin", role: "delegate", status: "active" });
    expect(await verifyPassword(user.password_hash, "une phrase assez longue")).toBe(true);

    expect(await findInvitationByToken(current().db, token)).toEqual({ status: "invalid" });
    const again = await acceptInvitation(current().db, token, { displayName: "Autre", password: "une phrase assez longue", confirmation: "une phrase assez longue" });
    expect(again).toEqual({ ok: false, invalid: true });
    const count = await current().db.selectFrom("app_user").select((eb) => eb.fn.countAll<number>().as("n")).where("email", "=", email).executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it("check the display name as /compte does: characters, length, and no name another member has", async () => {
    const admin = await inviter("admin");
    const email = `nom-${Date.now()}@example.org`;
    await createInvitation(current().db, admin, { email, role: "observer", collectiviteId: null }, base);
    const token = tokenFromMail((await lastMail(email)).secret_link);
    await makeUser(current().db, "observer", { displayName: "Élise Dupont" });
    const password = "une phrase assez longue";
    const refused: [string, RegExp][] = [
      ["Mallory\n\n[cliquez ici](https://evil.example)", /retour à la ligne/],
      ["Mallory\u0000", /caractère nul/],
      ["\u202eyrollaM", /sens d'écriture/],
      ["Mal\u2066lory", /sens d'écriture/],
      ["Mal\u200blory", /invisible/],
      ["Mal\ufefflory", /invisible/],
      ["x", /entre 2 et 80/],
      ["elise DUPONT", /porte déjà ce nom/],
      ["E\u0301lise Dupont", /porte déjà ce nom/],
    ];
    for (const [displayName, message] of refused) {
      const result = await acceptInvitation(current().db, token, { displayName, password, confirmation: password });
      expect(result, JSON.stringify(displayName)).toMatchObject({ ok: false, errors: { displayName: expect.stringMatching(message) } });
    }
    expect(await current().db.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();
    // Decomposed accents are stored composed (NFC).
    const accepted = await acceptInvitation(current().db, token, { displayName: " Le\u0301a Moreau ", password, confirmation: password });
    expect(accepted.ok).toBe(true);
    const user = await current().db.selectFrom("app_user").select("display_name").where("email", "=", email).executeTakeFirstOrThrow();
    expect(user.display_name).toBe("Léa Moreau");
  });

  it("expire after seven days, and a revoked or resent link stops working", async () => {
    const moderator = await inviter("moderator");
    const email = `expire-${Date.now()}@example.org`;
    await createInvitation(current().db, moderator, { email, role: "observer", collectiviteId: null }, base);
    const first = tokenFromMail((await lastMail(email)).secret_link);
    const [pending] = (await listPendingInvitations(current().db)).filter((i) => i.email === email);
    expect(pending).toMatchObject({ role: "observer", expired: false, inviterName: moderator.displayName });

    expect(await resendInvitation(current().db, moderator, pending!.id, base)).toBe(true);
    const second = tokenFromMail((await lastMail(email)).secret_link);
    expect(second).not.toBe(first);
    expect(await findInvitationByToken(current().db, first)).toEqual({ status: "invalid" });
    expect((await findInvitationByToken(current().db, second)).status).toBe("valid");

    await current().db.updateTable("invitation").set({ expires_at: sql<Date>`now() - interval '1 minute'` }).where("id", "=", pending!.id).execute();
    expect(await findInvitationByToken(current().db, second)).toEqual({ status: "invalid" });
    expect((await listPendingInvitations(current().db)).find((i) => i.id === pending!.id)?.expired).toBe(true);

    expect(await revokeInvitation(current().db, moderator, pending!.id)).toBe(true);
    expect((await listPendingInvitations(current().db)).find((i) => i.id === pending!.id)).toBeUndefined();
  });

  it("cannot be resent or revoked by a moderator when the role is beyond theirs", async () => {
    const admin = await inviter("admin");
    const moderator = await inviter("moderator");
    const email = `mod-${Date.now()}@example.org`;
    await createInvitation(current().db, admin, { email, role: "moderator", collectiviteId: await collectiviteId() }, base);
    const invitation = await current().db.selectFrom("invitation").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    expect(await revokeInvitation(current().db, moderator, invitation.id)).toBe(false);
    expect(await resendInvitation(current().db, moderator, invitation.id, base)).toBe(false);
  });
});
