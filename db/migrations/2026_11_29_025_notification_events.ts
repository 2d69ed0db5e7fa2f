import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code.
//
// Notifications about events rather than posts (issue 12, item 2): a governance proposal's status
// changed (`proposal_status`), a moderation act on the member's post or a warning (`moderation`).
// They carry no post: `post_id` is null (so `unique (recipient_id, post_id)` never meets them),
// `thread_id` is the proposal's (null for a warning), `detail` their French sentence and `link` the
// path they open, both written by the app from ids, never from input.

const POST_KINDS = sql`('mention', 'quote', 'reply', 'watched_thread', 'watched_post')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notification drop constraint notification_kind_check`.execute(db);
  await sql`
    alter table notification
      add constraint notification_kind_check
        check (kind in ('mention', 'quote', 'reply', 'watched_thread', 'watched_post', 'proposal_status', 'moderation')),
      alter column post_id drop not null,
      alter column thread_id drop not null,
      add column detail text,
      add column link text,
      add constraint notification_shape_check check (
        case when kind in ${POST_KINDS}
          then post_id is not null and thread_id is not null
          else post_id is null and detail is not null and link is not null
        end
      )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from notification where post_id is null`.execute(db);
  await sql`
    alter table notification
      drop constraint notification_shape_check,
      drop column link,
      drop column detail,
      alter column thread_id set not null,
      alter column post_id set not null,
      drop constraint notification_kind_check,
      add constraint notification_kind_check check (kind in ${POST_KINDS})
  `.execute(db);
}
