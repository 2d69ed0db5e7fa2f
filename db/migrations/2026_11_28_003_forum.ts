import { sql, type Kysely } from "kysely";

// Frozen: migrations never import application code.

export async function up(db: Kysely<unknown>): Promise<void> {
  // The name members type after "@" to mention someone: stable, unique, derived from the display name.
  await sql`alter table app_user add column handle text`.execute(db);
  await sql`
    update app_user set handle = trim(both '-' from lower(regexp_replace(unaccent(display_name), '[^a-zA-Z0-9]+', '-', 'g'))) || '-' || id
  `.execute(db);
  await sql`alter table app_user alter column handle set not null`.execute(db);
  await sql`alter table app_user add constraint app_user_handle_format check (handle ~ '^[a-z0-9]+(-[a-z0-9]+)*$')`.execute(db);
  await sql`create unique index app_user_handle_key on app_user (handle)`.execute(db);

  await sql`
    create table thread (
      id integer generated always as identity primary key,
      slug text not null,
      title text not null check (char_length(title) between 8 and 150),
      kind text not null check (kind in ('retour', 'question', 'discussion', 'gouvernance')),
      visibility text not null default 'members' check (visibility in ('members', 'public')),
      author_id integer not null references app_user (id),
      created_at timestamptz not null default now(),
      last_activity_at timestamptz not null default now(),
      last_post_id integer,
      reply_count integer not null default 0,
      locked_at timestamptz,
      -- Experience reports carry the facts that make them comparable.
      report_collectivite_id integer references collectivite (id),
      report_establishments integer check (report_establishments >= 0),
      report_period_start text check (report_period_start ~ '^[0-9]{4}-[0-9]{2}$'),
      report_period_end text check (report_period_end ~ '^[0-9]{4}-[0-9]{2}$')
    )
  `.execute(db);
  await sql`create index thread_activity_idx on thread (last_activity_at desc, id desc)`.execute(db);
  await sql`create index thread_public_activity_idx on thread (last_activity_at desc, id desc) where visibility = 'public'`.execute(db);
  await sql`create index thread_kind_activity_idx on thread (kind, last_activity_at desc, id desc)`.execute(db);
  await sql`create index thread_author_idx on thread (author_id)`.execute(db);

  await sql`
    create table thread_collectivite (
      thread_id integer not null references thread (id) on delete cascade,
      collectivite_id integer not null references collectivite (id),
      primary key (thread_id, collectivite_id)
    )
  `.execute(db);
  await sql`create index thread_collectivite_reverse_idx on thread_collectivite (collectivite_id, thread_id)`.execute(db);

  await sql`
    create table thread_topic (
      thread_id integer not null references thread (id) on delete cascade,
      topic_id integer not null references topic (id),
      primary key (thread_id, topic_id)
    )
  `.execute(db);
  await sql`create index thread_topic_reverse_idx on thread_topic (topic_id, thread_id)`.execute(db);

  await sql`
    create table post (
      id integer generated always as identity primary key,
      thread_id integer not null references thread (id) on delete cascade,
      position integer not null check (position >= 1),
      author_id integer not null references app_user (id),
      body_markdown text not null check (char_length(body_markdown) between 1 and 50000),
      body_html text not null,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      edited_at timestamptz,
      deleted_at timestamptz,
      unique (thread_id, position)
    )
  `.execute(db);
  await sql`create index post_author_idx on post (author_id)`.execute(db);
  await sql`alter table thread add constraint thread_last_post_fk foreign key (last_post_id) references post (id)`.execute(db);

  await sql`
    create table post_revision (
      id integer generated always as identity primary key,
      post_id integer not null references post (id) on delete cascade,
      version integer not null,
      body_markdown text not null,
      editor_id integer not null references app_user (id),
      created_at timestamptz not null default now(),
      unique (post_id, version)
    )
  `.execute(db);

  await sql`
    create table thread_read (
      user_id integer not null references app_user (id) on delete cascade,
      thread_id integer not null references thread (id) on delete cascade,
      last_read_position integer not null,
      updated_at timestamptz not null default now(),
      primary key (user_id, thread_id)
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["thread_read", "post_revision"]) await sql`drop table ${sql.table(table)}`.execute(db);
  await sql`alter table thread drop constraint thread_last_post_fk`.execute(db);
  for (const table of ["post", "thread_topic", "thread_collectivite", "thread"]) await sql`drop table ${sql.table(table)}`.execute(db);
  await sql`alter table app_user drop column handle`.execute(db);
}
