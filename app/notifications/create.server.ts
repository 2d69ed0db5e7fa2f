import { sql, type Transaction } from "kysely";

import type { Database } from "../../db/schema";
import { MAX_PAYLOAD_BYTES, notify } from "../../db/notify";
import { can } from "../auth/permissions";
import type { MentionedMember } from "../forum/render-post.server";
import { membersReaderRoles, publicReaderRoles } from "./readers";

/** The channel the live-updates side listens on: recipient ids, comma-separated, or "*". */
export const NOTIFICATIONS_CHANNEL = "notifications_created";


/** Whether a member may read a thread of this visibility: the same rule as the SQL below. */
export function mayRead(member: { role: MentionedMember["role"]; status: MentionedMember["status"] }, visibility: "members" | "public"): boolean {
  return can(member, visibility === "public" ? "thread.readPublic" : "thread.readMembers");
}

export interface NewPostFacts {
  threadId: number;
  postId: number;
  authorId: number;
  /** The opening post of a new thread (watchers get "nouveau fil"), or a reply. */
  opensThread: boolean;
  mentions: MentionedMember[];
  /** Posts this one quotes (`quotedPostIds` of its Markdown). */
  quotedPostIds: number[];
}

/**
 * Creates every notification a new post causes, in the post's transaction: one INSERT … SELECT
 * whatever the number of watchers, then one NOTIFY with the recipients. One notification per
 * recipient and post, with the strongest reason (mention, quote, reply to my thread, watched).
 * Nobody who cannot read the thread, nobody whose level here is "ignorer", never the author.
 *
 * Effective level: the member's level on the thread if they chose one; otherwise "suivre" if they
 * watch one of its thématiques or collectivités, "ignorer" if they ignore one (and watch none),
 * else normal. "Suivre" adds every new post; "ignorer" removes everything.
 *
 * Returns the recipients' ids.
 */
export async function notifyNewPost(trx: Transaction<Database>, facts: NewPostFacts): Promise<number[]> {
  const { threadId, postId, authorId } = facts;
  const mentionIds = facts.mentions.map((m) => m.id);
  const quoted = facts.quotedPostIds.slice(0, 50);
  const watchedKind = facts.opensThread ? "watched_thread" : "watched_post";
  const replyCandidates = facts.opensThread
    ? sql``
    : sql`union all select t.author_id, 'reply', 2 from thread t where t.id = ${threadId}`;
  const mentionCandidates = mentionIds.length
    ? sql`union all select u.id, 'mention', 0 from app_user u where u.id in (${sql.join(mentionIds)})`
    : sql``;
  const quoteCandidates = quoted.length
    ? sql`union all select p.author_id, 'quote', 1 from post p where p.id in (${sql.join(quoted)}) and p.deleted_at is null`
    : sql``;
  const rows = await sql<{ recipient_id: number }>`
    with thread_row as (select id, visibility from thread where id = ${threadId} and deleted_at is null),
    candidate (recipient_id, kind, priority) as (
      select w.user_id, ${watchedKind}::text, 3 from thread_watch w where w.thread_id = ${threadId} and w.level = 'watching'
      union all
      select w.user_id, ${watchedKind}::text, 3 from topic_watch w
        join thread_topic tt on tt.topic_id = w.topic_id and tt.thread_id = ${threadId}
        where w.level = 'watching'
      union all
      select w.user_id, ${watchedKind}::text, 3 from collectivite_watch w
        join thread_collectivite tc on tc.collectivite_id = w.collectivite_id and tc.thread_id = ${threadId}
        where w.level = 'watching'
      ${replyCandidates}
      ${mentionCandidates}
      ${quoteCandidates}
    ),
    chosen as (
      select distinct on (c.recipient_id) c.recipient_id, c.kind
      from candidate c
      join app_user u on u.id = c.recipient_id
      cross join thread_row t
      left join thread_watch own on own.user_id = c.recipient_id and own.thread_id = ${threadId}
      cross join lateral (
        select
          exists (select 1 from topic_watch w join thread_topic tt on tt.topic_id = w.topic_id
                  where tt.thread_id = ${threadId} and w.user_id = c.recipient_id and w.level = 'watching')
          or exists (select 1 from collectivite_watch w join thread_collectivite tc on tc.collectivite_id = w.collectivite_id
                  where tc.thread_id = ${threadId} and w.user_id = c.recipient_id and w.level = 'watching') as tag_watching,
          exists (select 1 from topic_watch w join thread_topic tt on tt.topic_id = w.topic_id
                  where tt.thread_id = ${threadId} and w.user_id = c.recipient_id and w.level = 'ignoring')
          or exists (select 1 from collectivite_watch w join thread_collectivite tc on tc.collectivite_id = w.collectivite_id
                  where tc.thread_id = ${threadId} and w.user_id = c.recipient_id and w.level = 'ignoring') as tag_ignoring
      ) tags
      cross join lateral (
        select coalesce(own.level::text,
          case when tags.tag_watching then 'watching' when tags.tag_ignoring then 'ignoring' else 'normal' end) as level
      ) effective
      where c.recipient_id <> ${authorId}
        and u.status = 'active'
        and ((t.visibility = 'public' and u.role in (${sql.join(publicReaderRoles)}))
          or u.role in (${sql.join(membersReaderRoles)}))
        and effective.level <> 'ignoring'
        and (c.priority < 3 or effective.level = 'watching')
      order by c.recipient_id, c.priority
    )
    insert into notification (recipient_id, kind, thread_id, post_id, actor_id)
    select recipient_id, kind, ${threadId}, ${postId}, ${authorId} from chosen
    on conflict (recipient_id, post_id) do nothing
    returning recipient_id
  `.execute(trx);
  const recipients = rows.rows.map((r) => r.recipient_id);
  if (recipients.length > 0) {
    const list = recipients.join(",");
    await notify(trx, NOTIFICATIONS_CHANNEL, Buffer.byteLength(list) > MAX_PAYLOAD_BYTES ? "*" : list);
  }
  return recipients;
}

/** Mentioned members who cannot read the thread: they get nothing, and the author is told so. */
export function unreachableMentions(mentions: MentionedMember[], visibility: "members" | "public", authorId: number): MentionedMember[] {
  return mentions.filter((m) => m.id !== authorId && !mayRead(m, visibility));
}
