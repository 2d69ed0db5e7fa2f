import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Server-side secrets shared by every app process and surviving restarts (e.g. the key that signs
  // device cookies). Rows are created once by the app with a random value; never derived from data.
  await sql`
    create table site_secret (
      name text primary key,
      value text not null,
      created_at timestamptz not null default now()
    )
  `.execute(db);

  // Small key-value state of the installation (e.g. "demo": seeded, removed). Site settings can live
  // here too.
  await sql`
    create table app_state (
      key text primary key,
      value jsonb not null default '{}'::jsonb,
      updated_at timestamptz not null default now()
    )
  `.execute(db);

  // Sessions: user_session.id now holds sha256(token) instead of the token itself. Rows written
  // before hold raw tokens and would never match a hash: drop them (everyone signs in once more).
  await sql`delete from user_session`.execute(db);
  await sql`create index user_session_created_idx on user_session (created_at)`.execute(db);

  // Outbox: the secret link of a reset or invitation lives in its own column, only until the
  // message is sent or the link expires; the stored body carries a placeholder instead.
  await sql`
    alter table outbox_message
      add column secret_link text,
      add column secret_label text,
      add column secret_expires_at timestamptz,
      add column delivered_via text
  `.execute(db);
  // Messages written before this migration carry their link in the body. Pending ones keep it
  // deliverable (moved to secret_link); the others lose it.
  const link = String.raw`https?://[^[:space:]]+/(?:mot-de-passe-oublie|invitation)/[A-Za-z0-9_-]+`;
  await sql`
    update outbox_message
    set secret_link = substring(body_text from ${link}),
        secret_label = 'lien personnel',
        body_text = regexp_replace(body_text, ${link}, '[[lien-secret]]', 'g')
    where status = 'pending' and body_text ~ ${link}
  `.execute(db);
  await sql`
    update outbox_message
    set secret_label = 'lien personnel',
        body_text = regexp_replace(body_text, ${link}, '[[lien-secret]]', 'g')
    where status <> 'pending' and body_text ~ ${link}
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table outbox_message
      drop column secret_link,
      drop column secret_label,
      drop column secret_expires_at,
      drop column delivered_via
  `.execute(db);
  await sql`drop index user_session_created_idx`.execute(db);
  await sql`drop table app_state`.execute(db);
  await sql`drop table site_secret`.execute(db);
}
