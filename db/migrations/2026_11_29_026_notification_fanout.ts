import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code.
//
// A post watched by thousands inserts thousands of notifications in its transaction, and the two
// foreign keys checked each row on its own (`select … for key share` on `app_user` and on `post`,
// at the end of the statement): about 40 % of the statement's time with 5 000 recipients. They are
// replaced by what they were for: a member or a post deleted takes its notifications, through
// one statement-level trigger each (members and posts are almost never deleted — posts are
// soft-deleted —, while notifications are inserted all day). Nothing else ever inserts a
// notification for a member or a post that does not exist: they are chosen by joins.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notification drop constraint notification_recipient_id_fkey, drop constraint notification_post_id_fkey`.execute(db);
  for (const [table, column] of [
    ["app_user", "recipient_id"],
    ["post", "post_id"],
  ] as const) {
    const name = `notification_${table}_gone`;
    await sql`
      create function ${sql.raw(name)}() returns trigger
      language plpgsql as $$
      begin
        delete from notification n using gone where n.${sql.raw(column)} = gone.id;
        return null;
      end
      $$
    `.execute(db);
    await sql`
      create trigger ${sql.raw(name)}
        after delete on ${sql.raw(table)}
        referencing old table as gone
        for each statement execute function ${sql.raw(name)}()
    `.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["app_user", "post"]) {
    await sql`drop trigger ${sql.raw(`notification_${table}_gone`)} on ${sql.raw(table)}`.execute(db);
    await sql`drop function ${sql.raw(`notification_${table}_gone`)}()`.execute(db);
  }
  await sql`delete from notification n where not exists (select 1 from app_user u where u.id = n.recipient_id)`.execute(db);
  await sql`delete from notification n where n.post_id is not null and not exists (select 1 from post p where p.id = n.post_id)`.execute(db);
  await sql`
    alter table notification
      add constraint notification_recipient_id_fkey foreign key (recipient_id) references app_user (id) on delete cascade,
      add constraint notification_post_id_fkey foreign key (post_id) references post (id) on delete cascade
  `.execute(db);
}
