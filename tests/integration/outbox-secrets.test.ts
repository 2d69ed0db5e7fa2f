import { sql } from "kysely";
import { expect, it } from "vitest";

import { completePasswordReset, requestPasswordReset } from "../../app/auth/password-reset.server";
import { createInvitation } from "../../app/invitations/invitations.server";
import { deliverDueMessages } from "../../app/mail/delivery.server";
import { findOutboxMessage, type MailMessage } from "../../app/mail/outbox.server";
import { consoleTransport, type MailTransport } from "../../app/mail/transport.server";
import { describeOnEachDatabase } from "./support/databases";
import { makeUser } from "./support/users";

const baseUrl = "https://echanges.example.org";

class Recorder implements MailTransport {
  readonly name = "smtp";
  sent: MailMessage[] = [];
  failures = 0;
  send(message: MailMessage): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new Error("serveur indisponible"));
    }
    this.sent.push(message);
    return Promise.resolve();
  }
  close(): void {}
}

function tokenIn(text: string, path: string): string {
  const match = new RegExp(`${baseUrl}${path}([A-Za-z0-9_-]{43})`).exec(text);
  if (!match) throw new Error(`no ${path} link in ${text}`);
  return match[1]!;
}

describeOnEachDatabase("secret links in the outbox", ({ current }) => {
  const everyOutboxRow = async () => JSON.stringify(await current().db.selectFrom("outbox_message").selectAll().execute());
  const latestId = async () =>
    (await current().db.selectFrom("outbox_message").select("id").orderBy("id", "desc").executeTakeFirstOrThrow()).id;

  it("are delivered in full, then no row of the outbox holds them", async () => {
    const member = await makeUser(current().db, "delegate");
    const admin = await makeUser(current().db, "admin");
    await requestPasswordReset(current().db, member.email, { baseUrl });
    const inviter = { id: admin.id, role: admin.role, status: admin.status, displayName: admin.display_name };
    await createInvitation(current().db, inviter, { email: `invite-${Date.now()}@example.org`, role: "observer", collectiviteId: null }, baseUrl);
    const transport = new Recorder();
    await deliverDueMessages(current().db, transport, { batchSize: 100 });
    const reset = tokenIn(transport.sent.map((m) => m.text).join("\n"), "/mot-de-passe-oublie/");
    const invitation = tokenIn(transport.sent.map((m) => m.text).join("\n"), "/invitation/");
    const rows = await everyOutboxRow();
    expect(rows).not.toContain(reset);
    expect(rows).not.toContain(invitation);
  });

  it("are never shown to administrators, who see that a link was sent", async () => {
    const member = await makeUser(current().db, "delegate");
    await requestPasswordReset(current().db, member.email, { baseUrl });
    const id = await latestId();
    const pending = await findOutboxMessage(current().db, id);
    expect(JSON.stringify(pending)).not.toMatch(/mot-de-passe-oublie\//);
    const transport = new Recorder();
    await deliverDueMessages(current().db, transport, { batchSize: 100 });
    const token = tokenIn(transport.sent.at(-1)!.text, "/mot-de-passe-oublie/");
    const sent = await findOutboxMessage(current().db, id);
    expect(sent?.body_text).toContain("[lien de réinitialisation envoyé");
    expect(JSON.stringify(sent)).not.toContain(token);
    // Nothing an administrator reads resets the password: only the member's own mail does.
    for (const candidate of JSON.stringify(sent).match(/[A-Za-z0-9_-]{43}/g) ?? []) {
      expect((await completePasswordReset(current().db, candidate, "une phrase toute neuve ici")).ok).toBe(false);
    }
    expect((await completePasswordReset(current().db, token, "une phrase toute neuve ici")).ok).toBe(true);
  });

  it("stay deliverable while a message waits for a retry", async () => {
    const member = await makeUser(current().db, "observer");
    await requestPasswordReset(current().db, member.email, { baseUrl });
    const id = await latestId();
    const transport = new Recorder();
    transport.failures = 1;
    await deliverDueMessages(current().db, transport, { batchSize: 100 });
    expect(transport.sent).toHaveLength(0);
    await deliverDueMessages(current().db, transport, { batchSize: 100, now: new Date(Date.now() + 5 * 60_000) });
    const token = tokenIn(transport.sent.at(-1)!.text, "/mot-de-passe-oublie/");
    expect((await findOutboxMessage(current().db, id))?.status).toBe("sent");
    expect(await everyOutboxRow()).not.toContain(token);
  });

  it("are erased when they expire before delivery, and the message is given up", async () => {
    const member = await makeUser(current().db, "observer");
    await requestPasswordReset(current().db, member.email, { baseUrl });
    const id = await latestId();
    await current().db.updateTable("outbox_message").set({ secret_expires_at: sql<Date>`now() - interval '1 second'` }).where("id", "=", id).execute();
    const transport = new Recorder();
    await deliverDueMessages(current().db, transport, { batchSize: 100 });
    expect(transport.sent.filter((m) => m.to === member.email)).toHaveLength(0);
    const row = await current().db.selectFrom("outbox_message").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "failed", secret_link: null });
  });

  it("label a message printed on the console as such, not as sent", async () => {
    const member = await makeUser(current().db, "observer");
    await requestPasswordReset(current().db, member.email, { baseUrl });
    const id = await latestId();
    const printed: string[] = [];
    await deliverDueMessages(current().db, consoleTransport((text) => printed.push(text)), { batchSize: 100 });
    expect(printed.join("\n")).toMatch(/mot-de-passe-oublie\/[A-Za-z0-9_-]{43}/);
    expect(await findOutboxMessage(current().db, id)).toMatchObject({ status: "sent", delivered_via: "console" });
  });

  it("journal a completed reset", async () => {
    const member = await makeUser(current().db, "delegate");
    await requestPasswordReset(current().db, member.email, { baseUrl });
    const transport = new Recorder();
    await deliverDueMessages(current().db, transport, { batchSize: 100 });
    const token = tokenIn(transport.sent.at(-1)!.text, "/mot-de-passe-oublie/");
    expect((await completePasswordReset(current().db, token, "encore une phrase toute neuve")).ok).toBe(true);
    const entries = await current().db.selectFrom("audit_log").selectAll().where("target_user_id", "=", member.id).execute();
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([["user.password_reset", member.id]]);
  });
});
