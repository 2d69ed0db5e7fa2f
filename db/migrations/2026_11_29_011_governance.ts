import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code.
//
// Governance (issue 10):
// - `thread.governance_status`: the status of a *gouvernance* thread (a proposal); null for every
//   other kind. A trigger gives a new (or re-kinded) gouvernance thread the status `proposition`, so
//   the forum's thread creation needs no change. Partial index for the lists by status.
// - `governance_event`: each status change, dated, with its actor and optional comment, shown in the
//   thread between the posts.
// - `reference_version`: the versions of a proposal's reference text, numbered densely per thread.
// - `governance_decision`: the decision recorded by a move to adoptée or rejetée; `reopened_at` set
//   when a moderator reopens it (it then leaves the register). Indexed by date for the register.
// - `article_comment`: a reply attached to an article of a version.
// The site setting "délégués may propose" lives in `app_state` (migration 005) under `settings`.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table thread add column governance_status text
      check (governance_status in ('proposition', 'discussion', 'adoptee', 'rejetee', 'retiree'))
  `.execute(db);
  await sql`update thread set governance_status = 'proposition' where kind = 'gouvernance'`.execute(db);
  await sql`
    create index thread_governance_idx on thread (governance_status, last_activity_at desc, id desc)
      where governance_status is not null
  `.execute(db);
  await sql`
    create function thread_governance_status() returns trigger language plpgsql as $$
    begin
      if new.kind = 'gouvernance' and new.governance_status is null then
        new.governance_status := 'proposition';
      elsif new.kind <> 'gouvernance' then
        new.governance_status := null;
      end if;
      return new;
    end
    $$
  `.execute(db);
  await sql`
    create trigger thread_governance_status before insert or update of kind on thread
      for each row execute function thread_governance_status()
  `.execute(db);

  await sql`
    create table governance_event (
      id integer generated always as identity primary key,
      thread_id integer not null references thread (id) on delete cascade,
      actor_id integer references app_user (id) on delete set null,
      from_status text not null,
      to_status text not null,
      comment text check (char_length(comment) <= 1000),
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index governance_event_thread_idx on governance_event (thread_id, created_at)`.execute(db);

  await sql`
    create table reference_version (
      id integer generated always as identity primary key,
      thread_id integer not null references thread (id) on delete cascade,
      number integer not null check (number >= 1),
      body_markdown text not null check (char_length(body_markdown) between 1 and 100000),
      comment text not null check (char_length(comment) between 1 and 300),
      author_id integer references app_user (id) on delete set null,
      created_at timestamptz not null default now(),
      unique (thread_id, number)
    )
  `.execute(db);

  await sql`
    create table governance_decision (
      id integer generated always as identity primary key,
      thread_id integer not null references thread (id) on delete cascade,
      outcome text not null check (outcome in ('adoptee', 'rejetee')),
      decided_on date not null,
      deciding_body text not null check (char_length(deciding_body) between 1 and 300),
      votes_for integer check (votes_for >= 0),
      votes_against integer check (votes_against >= 0),
      abstentions integer check (abstentions >= 0),
      summary text not null check (char_length(summary) between 1 and 5000),
      version_id integer references reference_version (id) on delete restrict,
      recorded_by integer references app_user (id) on delete set null,
      created_at timestamptz not null default now(),
      reopened_at timestamptz
    )
  `.execute(db);
  await sql`create index governance_decision_register_idx on governance_decision (decided_on desc, id desc) where reopened_at is null`.execute(db);
  await sql`create index governance_decision_thread_idx on governance_decision (thread_id, created_at desc)`.execute(db);

  await sql`
    create table article_comment (
      post_id integer primary key references post (id) on delete cascade,
      version_id integer not null references reference_version (id) on delete cascade,
      article text not null check (char_length(article) between 1 and 20)
    )
  `.execute(db);
  await sql`create index article_comment_version_idx on article_comment (version_id, article)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table article_comment`.execute(db);
  await sql`drop table governance_decision`.execute(db);
  await sql`drop table reference_version`.execute(db);
  await sql`drop table governance_event`.execute(db);
  await sql`drop trigger thread_governance_status on thread`.execute(db);
  await sql`drop function thread_governance_status()`.execute(db);
  await sql`drop index thread_governance_idx`.execute(db);
  await sql`alter table thread drop column governance_status`.execute(db);
}
