import { sql, type Kysely, type Transaction } from "kysely";

import { notify } from "../../db/notify";
import type { Database } from "../../db/schema";
import { threadPath } from "../forum/slug";
import { NOTIFICATIONS_CHANNEL } from "./create.server";
import { membersReaderRoles, publicReaderRoles } from "./readers";

/**
 * Notifications about events rather than posts (migration 025): they are shown in the app and
 * counted in the header like the others, pushed live, and not e-mailed (`emailed_at` is set at once;
 * the moderation acts and warnings already send their own mail or notice).
 */

type Trx = Transaction<Database>;

/**
 * A proposal's status changed: everyone whose level on it is "suivre" (on the thread, or through a
 * thématique or collectivité it carries) and its author, unless they ignore it, can no longer read
 * it, or made the change. One INSERT … SELECT whatever the number of watchers.
 */
export async function notifyProposalStatus(
  trx: Trx,
  event: { threadId: number; title: string; slug: string; actorId: number; actorName: string; statusLabel: string },
): Promise<number[]> {
  const { threadId, actorId } = event;
  const detail = `${event.actorName} a passé la proposition « ${event.title} » à « ${event.statusLabel} »`;
  const link = threadPath({ id: threadId, slug: event.slug });
  const rows = await sql<{ recipient_id: number }>`
    with thread_row as (select id, visibility, author_id from thread where id = ${threadId} and deleted_at is null),
    candidate (recipient_id) as (
      select author_id from thread_row
      union select w.user_id from thread_watch w where w.thread_id = ${threadId} and w.level = 'watching'
      union select w.user_id from topic_watch w join thread_topic tt on tt.topic_id = w.topic_id
        where tt.thread_id = ${threadId} and w.level = 'watching'
      union select w.user_id from collectivite_watch w join thread_collectivite tc on tc.collectivite_id = w.collectivite_id
        where tc.thread_id = ${threadId} and w.level = 'watching'
    )
    insert into notification (recipient_id, kind, thread_id, actor_id, detail, link, emailed_at)
    select c.recipient_id, 'proposal_status', ${threadId}, ${actorId}, ${detail}, ${link}, now()
    from candidate c
    join app_user u on u.id = c.recipient_id
    cross join thread_row t
    left join thread_watch own on own.user_id = c.recipient_id and own.thread_id = ${threadId}
    where c.recipient_id <> ${actorId}
      and u.status = 'active'
      and ((t.visibility = 'public' and u.role in (${sql.join(publicReaderRoles)})) or u.role in (${sql.join(membersReaderRoles)}))
      and own.level is distinct from 'ignoring'
    returning recipient_id
  `.execute(trx);
  const recipients = rows.rows.map((r) => r.recipient_id);
  if (recipients.length > 0) await notify(trx, NOTIFICATIONS_CHANNEL, recipients.join(","));
  return recipients;
}

/**
 * A moderation act on the member's post (hidden, deleted, edited by a moderator) or a warning:
 * one notification to that member, whose sentence says what happened and why.
 */
export async function notifyModerationAct(
  trx: Trx | Kysely<Database>,
  act: { recipientId: number; actorId: number | null; threadId: number | null; detail: string; link: string },
): Promise<void> {
  await trx
    .insertInto("notification")
    .values({
      recipient_id: act.recipientId,
      kind: "moderation",
      thread_id: act.threadId,
      actor_id: act.actorId,
      detail: act.detail.slice(0, 2000),
      link: act.link,
      emailed_at: sql<Date>`now()`,
    })
    .execute();
  await notify(trx, NOTIFICATIONS_CHANNEL, String(act.recipientId));
}

/**
 * Posts moved by a moderator (split, or a merge): each of their authors but the moderator is told
 * once, with how many of their posts went from which thread to which, and a link to the first one
 * (`/messages/:id` follows a post wherever it is). Deleted posts and inactive members are left out,
 * as is an author who may not read the receiving thread. One INSERT … SELECT, grouped by author.
 * `posts` names the moved posts: their ids, or the thread they are in (a merge, before it moves them).
 */
export async function notifyPostsMoved(
  trx: Trx,
  event: { posts: { ids: number[] } | { threadId: number }; actorId: number; from: string; to: { id: number; title: string } },
): Promise<void> {
  const { posts, actorId, to } = event;
  const which = "ids" in posts ? sql`p.id = any(${posts.ids}::integer[])` : sql`p.thread_id = ${posts.threadId}`;
  const one = `Votre message du fil « ${event.from} » a été déplacé par la modération vers le fil « ${to.title} ».`;
  const many = `messages du fil « ${event.from} » ont été déplacés par la modération vers le fil « ${to.title} ».`;
  const rows = await sql<{ recipient_id: number }>`
    insert into notification (recipient_id, kind, thread_id, actor_id, detail, link, emailed_at)
    select p.author_id, 'moderation', ${to.id}, ${actorId},
      case when count(*) = 1 then ${one} else 'Vos ' || count(*) || ' ' || ${many} end,
      '/messages/' || min(p.id), now()
    from post p
    join app_user u on u.id = p.author_id
    cross join (select visibility from thread where id = ${to.id}) t
    where ${which}
      and p.deleted_at is null
      and p.author_id <> ${actorId}
      and u.status = 'active'
      and ((t.visibility = 'public' and u.role in (${sql.join(publicReaderRoles)})) or u.role in (${sql.join(membersReaderRoles)}))
    group by p.author_id
    returning recipient_id
  `.execute(trx);
  if (rows.rows.length > 0) await notify(trx, NOTIFICATIONS_CHANNEL, rows.rows.map((r) => r.recipient_id).join(","));
}
