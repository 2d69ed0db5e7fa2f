import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code. docs/files.md explains the design.
//
// Files in posts (issue 13):
// - `file_chunk`: content-addressed chunks of at most 256 KiB, keyed by their SHA-256: the same bytes
//   are stored once, whichever file or member brought them.
// - `file_content`: a whole content (SHA-256 of all its bytes) as an ordered list of chunks.
// - `file`: what a member uploaded (name, type, size, the content served, for images the display
//   version and both sizes, the text extracted for search), unpublished until a post refers to it.
// - `post_file`: which posts refer to which files; kept for every revision (`current` says whether
//   the post's present text still refers to it), so a file referred to by any revision is kept.
// - `post.attachment_text`: the extracted text of the post's current files, indexed with weight D
//   in the post's search vector (the trigger of migrations 004/008 is replaced; the thread header's
//   propagation keeps the body and attachment parts, B and D).

const refreshWithAttachments = sql`
  create or replace function post_search_vector_refresh() returns trigger
    language plpgsql
    as $$
    declare
      header tsvector;
      visibility text;
      unlisted boolean;
    begin
      select t.search_header, t.visibility, t.unlisted_at is not null into header, visibility, unlisted from thread t where t.id = new.thread_id;
      new.public_thread := coalesce(visibility = 'public', false);
      if new.deleted_at is not null or new.hidden_at is not null or coalesce(unlisted, false) then
        new.search_vector := null;
      else
        new.search_vector := setweight(to_tsvector('french_unaccent'::regconfig, new.body_markdown), 'B')
          || setweight(to_tsvector('french_unaccent'::regconfig, coalesce(new.attachment_text, '')), 'D')
          || coalesce(header, ''::tsvector);
      end if;
      return new;
    end
    $$
`;

const refreshWithModeration = sql`
  create or replace function post_search_vector_refresh() returns trigger
    language plpgsql
    as $$
    declare
      header tsvector;
      visibility text;
      unlisted boolean;
    begin
      select t.search_header, t.visibility, t.unlisted_at is not null into header, visibility, unlisted from thread t where t.id = new.thread_id;
      new.public_thread := coalesce(visibility = 'public', false);
      if new.deleted_at is not null or new.hidden_at is not null or coalesce(unlisted, false) then
        new.search_vector := null;
      else
        new.search_vector := setweight(to_tsvector('french_unaccent'::regconfig, new.body_markdown), 'B') || coalesce(header, ''::tsvector);
      end if;
      return new;
    end
    $$
`;

function propagate(weights: string) {
  return sql`
    create or replace function thread_search_header_propagate() returns trigger
      language plpgsql
      as $$
      begin
        update post set
            search_vector = case when deleted_at is null then ts_filter(search_vector, ${sql.lit(weights)}) || new.search_header end,
            public_thread = new.visibility = 'public'
          where thread_id = new.id;
        return null;
      end
      $$
  `;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table file_chunk (
      sha256 bytea primary key check (octet_length(sha256) = 32),
      data bytea not null check (octet_length(data) between 1 and 262144)
    )
  `.execute(db);
  await sql`
    create table file_content (
      sha256 bytea not null check (octet_length(sha256) = 32),
      seq integer not null check (seq >= 0),
      chunk_sha256 bytea not null references file_chunk (sha256),
      size integer not null check (size between 1 and 262144),
      primary key (sha256, seq)
    )
  `.execute(db);
  await sql`create index file_content_chunk_idx on file_content (chunk_sha256)`.execute(db);
  await sql`
    create table file (
      id uuid primary key,
      uploader_id integer not null references app_user (id) on delete cascade,
      name text not null check (char_length(name) between 1 and 120),
      mime text not null check (char_length(mime) <= 120),
      kind text not null check (kind in ('image', 'document')),
      size integer not null check (size > 0),
      sha256 bytea not null check (octet_length(sha256) = 32),
      width integer,
      height integer,
      display_sha256 bytea check (octet_length(display_sha256) = 32),
      display_size integer,
      display_width integer,
      display_height integer,
      extracted_text text,
      created_at timestamptz not null default now(),
      published_at timestamptz
    )
  `.execute(db);
  await sql`create index file_uploader_idx on file (uploader_id)`.execute(db);
  await sql`create index file_unpublished_idx on file (created_at) where published_at is null`.execute(db);
  await sql`create index file_sha256_idx on file (sha256)`.execute(db);
  await sql`create index file_display_sha256_idx on file (display_sha256) where display_sha256 is not null`.execute(db);
  await sql`
    create table post_file (
      post_id integer not null references post (id) on delete cascade,
      file_id uuid not null references file (id) on delete cascade,
      current boolean not null default true,
      primary key (post_id, file_id)
    )
  `.execute(db);
  await sql`create index post_file_file_idx on post_file (file_id)`.execute(db);

  await sql`alter table post add column attachment_text text`.execute(db);
  await refreshWithAttachments.execute(db);
  await propagate("{b,d}").execute(db);
  await sql`drop trigger post_search_vector on post`.execute(db);
  await sql`
    create trigger post_search_vector
      before insert or update of body_markdown, thread_id, deleted_at, hidden_at, attachment_text on post
      for each row execute function post_search_vector_refresh()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger post_search_vector on post`.execute(db);
  await refreshWithModeration.execute(db);
  await propagate("{b}").execute(db);
  await sql`
    create trigger post_search_vector
      before insert or update of body_markdown, thread_id, deleted_at, hidden_at on post
      for each row execute function post_search_vector_refresh()
  `.execute(db);
  await sql`alter table post drop column attachment_text`.execute(db);
  await sql`drop table post_file`.execute(db);
  await sql`drop table file`.execute(db);
  await sql`drop table file_content`.execute(db);
  await sql`drop table file_chunk`.execute(db);
}
