import { sql } from "kysely";
import { afterAll, beforeAll, expect, it, vi } from "vitest";

import { createReply } from "../../app/forum/posts.server";
import { deliverDueMessages } from "../../app/mail/delivery.server";
import { SECRET_PLACEHOLDER } from "../../app/mail/outbox.server";
import { createTransport } from "../../app/mail/transport.server";
import { hidePost } from "../../app/moderation/post-moderation.server";
import { defaultPreferences, type NotificationPreferences } from "../../app/notifications/levels";
import { sendDueDigests, sendImmediateNotifications } from "../../app/notifications/mail.server";
import { findNotificationPreferences, saveNotificationPreferences } from "../../app/notifications/preferences.server";
import { checkUnsubscribeToken, unsubscribeWithToken } from "../../app/notifications/unsubscribe.server";
import { setWatchLevel } from "../../app/notifications/watch.server";
import type { User } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, viewerOf } from "./support/forum";
import { startSmtpServer, type TestSmtpServer } from "./support/smtp";
import { makeUser } from "./support/users";

const ORIGIN = "https://echanges.example.org";
const DAY = 86_400_000;

let smtp: TestSmtpServer;

beforeAll(async () => {
  vi.stubEnv("APP_ORIGIN", ORIGIN);
  smtp = await startSmtpServer();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await smtp?.close();
});

describeOnEachDatabase("notification e-mail", ({ current }) => {

  async function prefer(user: User, preferences: Partial<NotificationPreferences>) {
    await saveNotificationPreferences(current().db, user.id, { ...defaultPreferences, ...preferences });
  }

  async function reply(author: User, threadId: number, body: string) {
    const result = await createReply(current().db, viewerOf(author), threadId, body);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.postId;
  }

  async function outboxTo(user: User) {
    return current().db.selectFrom("outbox_message").selectAll().where("recipient", "=", user.email).orderBy("id").execute();
  }

  /** Sends the outbox through the real SMTP server and returns what it received for `user`. */
  async function deliverTo(user: User) {
    const transport = createTransport({ SMTP_URL: smtp.url });
    try {
      await deliverDueMessages(current().db, transport, { batchSize: 100 });
    } finally {
      transport.close();
    }
    return smtp.received.filter((mail) => mail.to.includes(user.email));
  }

  it("immediate: one mail per member, grouped by thread, with excerpts, absolute links and one-click unsubscribe", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const replier = await makeUser(db, "delegate");
    await prefer(author, { emailFrequency: "immediate" });
    const thread = await makeThread(db, author, { title: "Bilan du déploiement en lycée" });
    const first = await reply(replier, thread.id, "> citation ignorée\nNous avons formé 300 enseignants cette année.");
    await reply(replier, thread.id, "Et le bilan est positif.");
    expect(await sendImmediateNotifications(db)).toBeGreaterThanOrEqual(1);

    const [stored, ...more] = await outboxTo(author);
    expect(more).toEqual([]);
    expect(stored!.subject).toBe("2 nouveaux messages dans « Bilan du déploiement en lycée »");
    // The unsubscribe link is the message's secret: never in the stored body or headers.
    expect(stored!.body_text).toContain(SECRET_PLACEHOLDER);
    expect(stored!.body_text).not.toContain("/desinscription/");
    expect(stored!.secret_label).toBe("lien de désinscription");

    const [mail] = await deliverTo(author);
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe("2 nouveaux messages dans « Bilan du déploiement en lycée »");
    expect(mail!.text).toContain("Nous avons formé 300 enseignants cette année.");
    expect(mail!.text).not.toContain("citation ignorée");
    expect(mail!.text).toContain(`${ORIGIN}/messages/${first}`);
    expect(mail!.text).toContain(`${ORIGIN}/fils/${thread.id}`);
    expect(mail!.text).toContain("Vous ne pouvez pas répondre à ce courriel");
    expect(mail!.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const header = mail!.headers.get("list-unsubscribe") ?? "";
    const link = /^<(https:\/\/echanges\.example\.org\/desinscription\/([^>]+))>$/.exec(header);
    expect(link).not.toBeNull();
    expect(mail!.text).toContain(link![1]);
    // After sending, the outbox no longer keeps the link.
    expect((await outboxTo(author))[0]!.secret_link).toBeNull();

    // Nothing mailed twice.
    expect(await sendImmediateNotifications(db)).toBe(0);

    // One click: no more notification mail, without signing in.
    expect(await unsubscribeWithToken(db, link![2])).toEqual({ status: "valid", userId: author.id });
    expect((await findNotificationPreferences(db, author.id)).emailFrequency).toBe("never");
    await reply(replier, thread.id, "Encore un message.");
    await sendImmediateNotifications(db);
    expect(await outboxTo(author)).toHaveLength(1);
  });

  it("a forged, altered or expired unsubscribe link changes nothing", async () => {
    const db = current().db;
    const member = await makeUser(db, "observer");
    await prefer(member, { emailFrequency: "weekly" });
    const valid = (await import("../../app/notifications/unsubscribe.server")).unsubscribeLinks;
    const link = (await valid(db))(member.id);
    const token = link.split("/desinscription/")[1]!;
    const [id, expires, signature] = token.split(".") as [string, string, string];
    const bad = [
      `${Number(id) + 1}.${expires}.${signature}`,
      `${id}.${Number(expires) + 1}.${signature}`,
      `${id}.${expires}.${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`,
      "abc",
      "",
      "\u0000",
      "x".repeat(100_000),
      `99999999999999999999.${expires}.${signature}`,
    ];
    for (const forged of bad) {
      expect((await unsubscribeWithToken(db, forged)).status).toBe("invalid");
    }
    expect((await checkUnsubscribeToken(db, token, new Date(Date.now() + 91 * DAY))).status).toBe("expired");
    expect((await unsubscribeWithToken(db, token, new Date(Date.now() + 91 * DAY))).status).toBe("expired");
    expect((await findNotificationPreferences(db, member.id)).emailFrequency).toBe("weekly");
    expect((await checkUnsubscribeToken(db, token)).status).toBe("valid");
  });

  it("only mentions and replies; nothing about a post hidden or a member suspended before the mail", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const watcher = await makeUser(db, "observer");
    const gone = await makeUser(db, "observer");
    const moderator = await makeUser(db, "moderator");
    await prefer(watcher, { emailFrequency: "immediate", emailDirectOnly: true });
    await prefer(gone, { emailFrequency: "immediate" });
    const thread = await makeThread(db, author, { title: "Fil au titre confidentiel" });
    for (const user of [watcher, gone]) await setWatchLevel(db, viewerOf(user), "thread", thread.id, "watching");
    await reply(author, thread.id, "Un message que l'abonné ne reçoit pas par courriel.");
    const hidden = await reply(author, thread.id, "Un message bientôt masqué.");
    await hidePost(db, viewerOf(moderator), hidden, "Hors sujet");
    await db.updateTable("app_user").set({ status: "suspended" }).where("id", "=", gone.id).execute();
    await sendImmediateNotifications(db);
    expect(await outboxTo(watcher)).toEqual([]);
    expect(await outboxTo(gone)).toEqual([]);

    const handle = (await db.selectFrom("app_user").select("handle").where("id", "=", watcher.id).executeTakeFirstOrThrow()).handle;
    await reply(author, thread.id, `Question pour @${handle}`);
    await sendImmediateNotifications(db);
    const mails = await outboxTo(watcher);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("vous a mentionné");
    expect(mails[0]!.body_text).not.toContain("bientôt masqué");
  });

  it("digests with frozen time: daily and weekly, unread only, once per slot, nothing after the slot", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const daily = await makeUser(db, "delegate", { displayName: "Dana Quotidienne" });
    const weekly = await makeUser(db, "delegate");
    await prefer(weekly, { emailFrequency: "weekly" });
    const one = await makeThread(db, daily, { title: "Premier fil résumé" });
    const two = await makeThread(db, daily, { title: "Second fil résumé" });
    await makeThread(db, weekly).then((t) => reply(author, t.id, "Pour l'hebdomadaire."));
    await reply(author, one.id, "Réponse A.");
    await reply(author, one.id, "Réponse B.");
    await reply(author, two.id, "Réponse C.");
    const read = await reply(author, two.id, "Réponse déjà lue.");
    await db.updateTable("notification").set({ read_at: new Date() }).where("post_id", "=", read).execute();

    // Frozen time: these notifications were made on Tuesday 24 November 2026 at 13:00 Paris time.
    const ours = [daily.id, weekly.id];
    await db.updateTable("notification").set({ created_at: new Date("2026-11-24T12:00:00Z") }).where("recipient_id", "in", ours).execute();

    // Tuesday at 6:00 Paris: that day's slot is still to come, nothing goes.
    await sendDueDigests(db, { now: new Date("2026-11-24T05:00:00Z"), hour: 7 });
    expect(await outboxTo(daily)).toEqual([]);

    // Wednesday 8:30 Paris: the daily digest; the weekly one waits for Monday.
    const wednesday = new Date("2026-11-25T07:30:00Z");
    await sendDueDigests(db, { now: wednesday, hour: 7 });
    const [digest, ...others] = await outboxTo(daily);
    expect(others).toEqual([]);
    expect(digest!.subject).toBe("Votre résumé quotidien : 3 messages dans 2 fils");
    expect(digest!.body_text).toContain("« Premier fil résumé » — 2 nouveaux messages");
    expect(digest!.body_text).toContain("« Second fil résumé »");
    expect(digest!.body_text).toContain("Réponse A.");
    expect(digest!.body_text).not.toContain("Réponse déjà lue.");
    expect(JSON.stringify(digest!.headers)).toContain("List-Unsubscribe=One-Click");
    expect(await outboxTo(weekly)).toEqual([]);
    // Same slot again: nothing more.
    await sendDueDigests(db, { now: wednesday, hour: 7 });
    expect(await outboxTo(daily)).toHaveLength(1);
    // Monday 30 November at 7:00 Paris: the weekly digest.
    await sendDueDigests(db, { now: new Date("2026-11-30T06:00:00Z"), hour: 7 });
    expect((await outboxTo(weekly)).map((m) => m.subject)).toEqual([expect.stringContaining("a répondu à votre fil")]);
  });

  it("two schedulers at once never send the same digest or immediate mail twice", async () => {
    const { db, backend, openSecondHandle } = current();
    const other = backend === "postgresql" ? (await openSecondHandle()).db : db;
    const author = await makeUser(db, "delegate");
    const members: User[] = [];
    for (let i = 0; i < 6; i++) members.push(await makeUser(db, "delegate"));
    for (const [i, member] of members.entries()) {
      if (i % 2 === 0) await prefer(member, { emailFrequency: "immediate" });
      const thread = await makeThread(db, member);
      await reply(author, thread.id, `Réponse ${i}.`);
    }
    const now = new Date(Date.now() + DAY);
    await Promise.all([
      sendDueDigests(db, { now, hour: 7 }),
      sendDueDigests(other, { now, hour: 7 }),
      sendImmediateNotifications(db),
      sendImmediateNotifications(other),
    ]);
    await Promise.all([sendImmediateNotifications(db), sendImmediateNotifications(other)]);
    for (const member of members) expect(await outboxTo(member)).toHaveLength(1);
    const claims = await sql<{ n: number }>`select count(*)::int as n from notification_digest where user_id in (${sql.join(members.map((m) => m.id))})`.execute(db);
    expect(claims.rows[0]!.n).toBe(3);
  });
});
