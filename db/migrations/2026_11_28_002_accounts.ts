import { sql, type Kysely } from "kysely";

// Frozen: migrations never import application code.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table app_user (
      id integer generated always as identity primary key,
      email text not null check (email = lower(email) and email like '%_@_%'),
      display_name text not null check (length(display_name) between 2 and 80),
      password_hash text not null,
      role text not null check (role in ('observer', 'delegate', 'moderator', 'admin')),
      collectivite_id integer references collectivite (id),
      status text not null default 'active' check (status in ('active', 'suspended')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      last_seen_at timestamptz,
      -- Délégués and modérateurs speak for a collectivité; observers and administrators may not.
      constraint app_user_member_has_collectivite check (role in ('observer', 'admin') or collectivite_id is not null)
    )
  `.execute(db);
  await sql`create unique index app_user_email_key on app_user (email)`.execute(db);
  await sql`create index app_user_collectivite_idx on app_user (collectivite_id)`.execute(db);

  // Lucia's PostgreSQL adapter reads and writes this table (id, user_id, expires_at).
  await sql`
    create table user_session (
      id text primary key,
      user_id integer not null references app_user (id) on delete cascade,
      expires_at timestamptz not null,
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index user_session_user_idx on user_session (user_id)`.execute(db);
  await sql`create index user_session_expires_idx on user_session (expires_at)`.execute(db);

  await sql`
    create table invitation (
      id integer generated always as identity primary key,
      email text not null check (email = lower(email)),
      role text not null check (role in ('observer', 'delegate', 'moderator', 'admin')),
      collectivite_id integer references collectivite (id),
      token_hash text not null unique,
      invited_by integer not null references app_user (id),
      created_at timestamptz not null default now(),
      last_sent_at timestamptz not null default now(),
      expires_at timestamptz not null,
      accepted_at timestamptz,
      accepted_user_id integer references app_user (id),
      revoked_at timestamptz
    )
  `.execute(db);
  await sql`create index invitation_email_idx on invitation (email)`.execute(db);
  await sql`create index invitation_pending_idx on invitation (created_at desc) where accepted_at is null and revoked_at is null`.execute(db);

  await sql`
    create table password_reset (
      id integer generated always as identity primary key,
      user_id integer not null references app_user (id) on delete cascade,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )
  `.execute(db);
  await sql`create index password_reset_user_idx on password_reset (user_id)`.execute(db);

  // Every e-mail is written here in the same transaction as the act that causes it, then delivered.
  await sql`
    create table outbox_message (
      id integer generated always as identity primary key,
      recipient text not null,
      subject text not null,
      body_text text not null,
      created_at timestamptz not null default now(),
      status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      sent_at timestamptz
    )
  `.execute(db);
  await sql`create index outbox_message_due_idx on outbox_message (next_attempt_at) where status = 'pending'`.execute(db);
  await sql`create index outbox_message_created_idx on outbox_message (created_at desc)`.execute(db);

  // Fixed-window counters shared by every app process.
  await sql`
    create table rate_limit (
      key text primary key,
      hits integer not null,
      window_ends_at timestamptz not null
    )
  `.execute(db);
  await sql`create index rate_limit_window_idx on rate_limit (window_ends_at)`.execute(db);

  await sql`
    create table audit_log (
      id integer generated always as identity primary key,
      actor_id integer references app_user (id),
      action text not null,
      target_user_id integer references app_user (id),
      details jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index audit_log_created_idx on audit_log (created_at desc)`.execute(db);
  await sql`create index audit_log_target_user_idx on audit_log (target_user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["audit_log", "rate_limit", "outbox_message", "password_reset", "invitation", "user_session", "app_user"]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
