import { sql, type Kysely, type Transaction } from "kysely";

import type { Database, EmailFrequency, NotificationKind, Role, ThreadVisibility, UserStatus } from "../../db/schema";
import { enqueueMail, SECRET_PLACEHOLDER } from "../mail/outbox.server";
import { publicOrigin } from "../lib/origin.server";
import { mayRead } from "./create.server";
import { dailySlot, weeklySlot } from "./digest-time";
import { DIRECT_KINDS, excerpt, kindSentence } from "./mail-text";
import { unsubscribeLinks } from "./unsubscribe.server";

/**
 * Notification e-mail, through the outbox (which retries). Immediate mails go out on the task's
 * next run, digests at the configured hour. Every run claims its rows in the transaction that
 * queues the mails, so two processes never mail the same notification or digest:
 * - immediate: `for update skip locked` on the notifications, marked `emailed_at`;
 * - digests: one `notification_digest` row per (member, slot), inserted `on conflict do nothing`:
 *   only the process whose insert returned the row sends that digest.
 * Permission is checked again here: a member who can no longer read a thread gets nothing of it.
 */

type Trx = Transaction<Database>;

const UNSUBSCRIBE_LABEL = "lien de désinscription";
/** How long a queued mail keeps its unsubscribe link (an unsent mail is given up after). */
const UNSUBSCRIBE_LINK_LIFETIME_SECONDS = 30 * 86_400;
const BATCH = 200;

interface MailRow {
  id: number;
  recipient_id: number;
  kind: NotificationKind;
  post_id: number;
  thread_id: number;
  created_at: Date;
  read_at: Date | null;
  email: string;
  display_name: string;
  role: Role;
  status: UserStatus;
  direct_only: boolean | null;
  title: string;
  visibility: ThreadVisibility;
  thread_deleted: Date | null;
  post_deleted: Date | null;
  post_hidden: Date | null;
  body_markdown: string;
  actor_name: string | null;
}

/** Details of claimed notifications, in one query. */
async function loadMailRows(trx: Trx, ids: number[]): Promise<MailRow[]> {
  if (ids.length === 0) return [];
  const result = await sql<MailRow>`
    select n.id, n.recipient_id, n.kind, n.post_id, n.thread_id, n.created_at, n.read_at,
      u.email, u.display_name, u.role, u.status, pref.email_direct_only as direct_only,
      t.title, t.visibility, t.deleted_at as thread_deleted,
      p.deleted_at as post_deleted, p.hidden_at as post_hidden, p.body_markdown,
      actor.display_name as actor_name
    from notification n
    join app_user u on u.id = n.recipient_id
    left join notification_preference pref on pref.user_id = n.recipient_id
    join thread t on t.id = n.thread_id
    join post p on p.id = n.post_id
    left join app_user actor on actor.id = n.actor_id
    where n.id in (${sql.join(ids)})
    order by n.recipient_id, t.id, n.id
  `.execute(trx);
  return result.rows;
}

/** What a member may still be told about, by mail. */
function mailable(row: MailRow, { unreadOnly }: { unreadOnly: boolean }): boolean {
  if (row.thread_deleted || row.post_deleted || row.post_hidden) return false;
  if (!mayRead({ role: row.role, status: row.status }, row.visibility)) return false;
  if (row.direct_only && !DIRECT_KINDS.includes(row.kind)) return false;
  return !(unreadOnly && row.read_at);
}

function byRecipient(rows: MailRow[]): Map<number, MailRow[]> {
  const map = new Map<number, MailRow[]>();
  for (const row of rows) map.set(row.recipient_id, [...(map.get(row.recipient_id) ?? []), row]);
  return map;
}

/** The text of a mail: per thread, each post's sentence, excerpt and absolute link. */
export function composeMail(rows: MailRow[], heading: string): { subject: string; text: string } {
  const origin = publicOrigin();
  const threads = new Map<number, MailRow[]>();
  for (const row of rows) threads.set(row.thread_id, [...(threads.get(row.thread_id) ?? []), row]);
  const first = rows[0]!;
  const subject =
    rows.length === 1
      ? `${kindSentence(first.kind, first.actor_name ?? "Un ancien membre")} dans « ${first.title} »`
      : threads.size === 1
        ? `${rows.length} nouveaux messages dans « ${first.title} »`
        : `${heading} : ${rows.length} messages dans ${threads.size} fils`;
  const lines = [`Bonjour ${first.display_name},`, "", heading + " :", ""];
  for (const [threadId, posts] of threads) {
    lines.push(`« ${posts[0]!.title} »${posts.length > 1 ? ` — ${posts.length} nouveaux messages` : ""}`);
    for (const post of posts) {
      lines.push(`  • ${kindSentence(post.kind, post.actor_name ?? "Un ancien membre")} :`);
      const text = excerpt(post.body_markdown);
      if (text) lines.push(`    ${text}`);
      lines.push(`    Lire : ${origin}/messages/${post.post_id}`);
    }
    lines.push(`  Le fil : ${origin}/fils/${threadId}`, "");
  }
  lines.push(
    "Vous ne pouvez pas répondre à ce courriel : les réponses n'y sont pas lues. Pour répondre, ouvrez le fil avec le lien ci-dessus.",
    "",
    `Vos notifications : ${origin}/notifications`,
    `Choisir quand recevoir ces courriels : ${origin}/compte#notifications`,
    `Ne plus recevoir ces courriels (un clic, sans connexion) : ${SECRET_PLACEHOLDER}`,
  );
  return { subject, text: lines.join("\n") };
}

type LinkSigner = Awaited<ReturnType<typeof unsubscribeLinks>>;

async function queueNotificationMail(links: LinkSigner, trx: Trx, rows: MailRow[], heading: string): Promise<void> {
  const { subject, text } = composeMail(rows, heading);
  await enqueueMail(trx, {
    to: rows[0]!.email,
    subject,
    text,
    headers: { "List-Unsubscribe": `<${SECRET_PLACEHOLDER}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    secret: { link: links(rows[0]!.recipient_id), label: UNSUBSCRIBE_LABEL, lifetimeSeconds: UNSUBSCRIBE_LINK_LIFETIME_SECONDS },
  });
}

/**
 * Mails the notifications of members who chose "immédiatement": one mail per member and run,
 * grouped by thread. Also marks as dealt with the notifications of members who want no mail.
 * Returns the number of mails queued.
 */
export async function sendImmediateNotifications(db: Kysely<Database>): Promise<number> {
  await sql`
    update notification n set emailed_at = now()
    from notification_preference pref
    where pref.user_id = n.recipient_id and pref.email_frequency = 'never' and n.emailed_at is null
  `.execute(db);
  const links = await unsubscribeLinks(db);
  return db.transaction().execute(async (trx) => {
    const claimed = await sql<{ id: number }>`
      update notification set emailed_at = now()
      where id in (
        select n.id from notification n
        join notification_preference pref on pref.user_id = n.recipient_id and pref.email_frequency = 'immediate'
        where n.emailed_at is null
        order by n.id
        limit ${BATCH}
        for update of n skip locked
      )
      returning id
    `.execute(trx);
    const rows = (await loadMailRows(trx, claimed.rows.map((r) => r.id))).filter((row) => mailable(row, { unreadOnly: false }));
    let queued = 0;
    for (const memberRows of byRecipient(rows).values()) {
      await queueNotificationMail(links, trx, memberRows, "Du nouveau sur OpenENT Échanges");
      queued += 1;
    }
    return queued;
  });
}

/**
 * Sends the digests due at `now` (daily at `hour` Paris time, weekly on Monday at that hour):
 * each member's unread, not yet mailed notifications up to the slot, grouped by thread. Returns
 * the number of digests queued.
 */
export async function sendDueDigests(db: Kysely<Database>, { now = new Date(), hour }: { now?: Date; hour: number }): Promise<number> {
  let queued = 0;
  for (const [frequency, slot] of [
    ["daily", dailySlot(now, hour)],
    ["weekly", weeklySlot(now, hour)],
  ] as [EmailFrequency, Date][]) {
    for (;;) {
      const { claimedCount, mails } = await sendDigestBatch(db, frequency, slot);
      queued += mails;
      if (claimedCount < BATCH) break;
    }
  }
  return queued;
}

async function sendDigestBatch(db: Kysely<Database>, frequency: EmailFrequency, slot: Date): Promise<{ claimedCount: number; mails: number }> {
  const links = await unsubscribeLinks(db);
  return db.transaction().execute(async (trx) => {
    const slotIso = slot.toISOString();
    // Members without a preference row have the default, the daily digest.
    const claimed = await sql<{ user_id: number }>`
      insert into notification_digest (user_id, slot)
      select u.id, ${slotIso}::timestamptz from app_user u
      left join notification_preference pref on pref.user_id = u.id
      where coalesce(pref.email_frequency, 'daily') = ${frequency}
        and exists (select 1 from notification n where n.recipient_id = u.id and n.emailed_at is null and n.created_at <= ${slotIso}::timestamptz)
        and not exists (select 1 from notification_digest d where d.user_id = u.id and d.slot = ${slotIso}::timestamptz)
      order by u.id
      limit ${BATCH}
      on conflict do nothing
      returning user_id
    `.execute(trx);
    const members = claimed.rows.map((r) => r.user_id);
    if (members.length === 0) return { claimedCount: 0, mails: 0 };
    const marked = await sql<{ id: number }>`
      update notification set emailed_at = now()
      where recipient_id in (${sql.join(members)}) and emailed_at is null and created_at <= ${slotIso}::timestamptz
      returning id
    `.execute(trx);
    const rows = (await loadMailRows(trx, marked.rows.map((r) => r.id))).filter((row) => mailable(row, { unreadOnly: true }));
    let mails = 0;
    for (const memberRows of byRecipient(rows).values()) {
      await queueNotificationMail(links, trx, memberRows, frequency === "daily" ? "Votre résumé quotidien" : "Votre résumé hebdomadaire");
      mails += 1;
    }
    return { claimedCount: members.length, mails };
  });
}
