import { sql, type Kysely } from "kysely";

// Frozen: migrations never import application code. docs/search.md explains this design.
//
// Every post carries one tsvector, `post.search_vector`:
//   B  the post's Markdown body (positions 1…n)
//   A  its thread's title
//   C  its thread's tag names (collectivités, thématiques)
//      filter lexemes "#k<kind>", "#t<topic id>", "#c<collectivité id>": no position (no rank, no
//      headline); the text parser never produces a "#" lexeme, so typed text cannot match them
// The thread's part (title, tags, filter lexemes) is `thread.search_header`, copied into each of
// its posts: thread-level filters become part of the one `@@` on the one GIN index, and the
// planner's statistics on the vector estimate text and filters together (docs/search.md).
// `post.public_thread` copies the thread's visibility, so that the newest public posts have an
// index of their own (visitors search those only).
//
// Triggers keep it current inside the writing transaction (nothing runs later, nothing can fall
// behind): a post's vector on insert, edit, move and delete (a deleted post's vector is null); the
// thread's header when its title, kind, tags or a tag's name change, and then the vectors of its
// live posts (and their `public_thread` when its visibility changes). That refresh reuses each post's stored body part
// (`ts_filter(v, '{b}')`), so it never parses bodies again: weight B must stay the body's alone.
//
// `title_word` keeps the distinct words of thread titles, with how many threads (and public
// threads) use them, for "Vouliez-vous dire …" by trigram similarity.

export async function up(db: Kysely<unknown>): Promise<void> {
  // unaccent() is only STABLE (it reads a dictionary by name), so it cannot appear in an index
  // expression or a generated column. This wrapper names the function and the dictionary by
  // schema, which makes it safe to declare IMMUTABLE (the usual idiom), and stays inlinable.
  const found = await sql<{ schema: string }>`
    select extnamespace::regnamespace::text as schema from pg_extension where extname = 'unaccent'
  `.execute(db);
  const schema = found.rows[0]?.schema;
  if (!schema) throw new Error("the unaccent extension is missing (migration 001 creates it)");
  await sql`
    create function f_unaccent(text) returns text
      language sql immutable parallel safe strict
      as ${sql.lit(`select ${schema}.unaccent('${schema}.unaccent'::regdictionary, $1)`)}
  `.execute(db);

  // The thread's part of every post's vector.
  await sql`
    create function thread_search_header(p_thread_id integer, p_title text, p_kind text) returns tsvector
      language sql stable parallel safe
      as $$
        select setweight(to_tsvector('french_unaccent'::regconfig, coalesce(p_title, '')), 'A')
            || setweight(to_tsvector('french_unaccent'::regconfig, coalesce((
                 select string_agg(name, ' , ' order by name) from (
                   select c.name from thread_collectivite tc join collectivite c on c.id = tc.collectivite_id where tc.thread_id = p_thread_id
                   union all
                   select t.name from thread_topic tt join topic t on t.id = tt.topic_id where tt.thread_id = p_thread_id
                 ) tags), '')), 'C')
            || array_to_tsvector(array['#k' || p_kind]
                 || array(select '#c' || collectivite_id from thread_collectivite where thread_id = p_thread_id)
                 || array(select '#t' || topic_id from thread_topic where thread_id = p_thread_id))
      $$
  `.execute(db);

  await sql`alter table thread add column search_header tsvector not null default ''::tsvector`.execute(db);
  // Titles alone, for `dans:titre`. to_tsvector(regconfig, text) is immutable, so a stored
  // generated column works on PostgreSQL 15 and on PGlite.
  await sql`
    alter table thread add column title_vector tsvector
      generated always as (to_tsvector('french_unaccent'::regconfig, title)) stored
  `.execute(db);
  // Title words unstemmed and unaccented, for prefix matching while the reader types
  // ("généralisati" is a prefix of "generalisation", not of its stem "generalis").
  await sql`
    alter table thread add column title_words tsvector
      generated always as (to_tsvector('simple'::regconfig, f_unaccent(title))) stored
  `.execute(db);
  await sql`alter table post add column search_vector tsvector`.execute(db);
  await sql`alter table post add column public_thread boolean not null default false`.execute(db);

  // Existing rows (a database migrated with content), before the triggers exist.
  await sql`update thread set search_header = thread_search_header(id, title, kind)`.execute(db);
  await sql`
    update post set
      search_vector = case when post.deleted_at is null
        then setweight(to_tsvector('french_unaccent'::regconfig, post.body_markdown), 'B') || thread.search_header end,
      public_thread = thread.visibility = 'public'
    from thread
    where thread.id = post.thread_id
  `.execute(db);

  // A post's vector: on insert, and when its body, thread or deletion changes.
  await sql`
    create function post_search_vector_refresh() returns trigger
      language plpgsql
      as $$
      declare
        header tsvector;
        visibility text;
      begin
        select t.search_header, t.visibility into header, visibility from thread t where t.id = new.thread_id;
        new.public_thread := coalesce(visibility = 'public', false);
        if new.deleted_at is not null then
          new.search_vector := null;
        else
          new.search_vector := setweight(to_tsvector('french_unaccent'::regconfig, new.body_markdown), 'B') || coalesce(header, ''::tsvector);
        end if;
        return new;
      end
      $$
  `.execute(db);
  await sql`
    create trigger post_search_vector
      before insert or update of body_markdown, thread_id, deleted_at on post
      for each row execute function post_search_vector_refresh()
  `.execute(db);

  // A thread's header: computed when the thread is written, retitled or changes kind.
  await sql`
    create function thread_search_header_refresh() returns trigger
      language plpgsql
      as $$
      begin
        new.search_header := thread_search_header(new.id, new.title, new.kind);
        return new;
      end
      $$
  `.execute(db);
  await sql`
    create trigger thread_search_header
      before insert or update of title, kind on thread
      for each row execute function thread_search_header_refresh()
  `.execute(db);

  // A changed header or visibility reaches the thread's posts; their body part (weight B) is
  // reused as is.
  await sql`
    create function thread_search_header_propagate() returns trigger
      language plpgsql
      as $$
      begin
        update post set
            search_vector = case when deleted_at is null then ts_filter(search_vector, '{b}') || new.search_header end,
            public_thread = new.visibility = 'public'
          where thread_id = new.id;
        return null;
      end
      $$
  `.execute(db);
  // The columns of the BEFORE trigger too: a column a BEFORE trigger sets does not count as a
  // target of the UPDATE.
  await sql`
    create trigger thread_search_header_propagate
      after update of title, visibility, kind, search_header on thread
      for each row when (old.search_header is distinct from new.search_header or old.visibility is distinct from new.visibility)
      execute function thread_search_header_propagate()
  `.execute(db);

  // Tags added, removed or changed: one refresh per statement and thread, through transition
  // tables (a thread created with three tags in one INSERT is refreshed once).
  for (const [name, changed] of [
    ["search_tags_inserted", "select thread_id from new_rows"],
    ["search_tags_deleted", "select thread_id from old_rows"],
    ["search_tags_updated", "select thread_id from new_rows union select thread_id from old_rows"],
  ] as const) {
    await sql`
      create function ${sql.raw(name)}() returns trigger
        language plpgsql
        as ${sql.lit(`
        begin
          update thread set search_header = thread_search_header(id, title, kind)
            where id in (${changed});
          return null;
        end
        `)}
    `.execute(db);
  }
  for (const table of ["thread_collectivite", "thread_topic"]) {
    await sql`
      create trigger ${sql.raw(`${table}_search_inserted`)} after insert on ${sql.table(table)}
        referencing new table as new_rows for each statement execute function search_tags_inserted()
    `.execute(db);
    await sql`
      create trigger ${sql.raw(`${table}_search_deleted`)} after delete on ${sql.table(table)}
        referencing old table as old_rows for each statement execute function search_tags_deleted()
    `.execute(db);
    await sql`
      create trigger ${sql.raw(`${table}_search_updated`)} after update on ${sql.table(table)}
        referencing old table as old_rows new table as new_rows for each statement execute function search_tags_updated()
    `.execute(db);
  }

  // A collectivité or thématique renamed: every thread tagged with it (a rare, curated act).
  for (const [table, link, column] of [
    ["collectivite", "thread_collectivite", "collectivite_id"],
    ["topic", "thread_topic", "topic_id"],
  ] as const) {
    await sql`
      create function ${sql.raw(`${table}_search_renamed`)}() returns trigger
        language plpgsql
        as ${sql.lit(`
        begin
          update thread set search_header = thread_search_header(id, title, kind)
            where id in (select thread_id from ${link} where ${column} = new.id);
          return null;
        end
        `)}
    `.execute(db);
    await sql`
      create trigger ${sql.raw(`${table}_search_renamed`)} after update of name on ${sql.table(table)}
        for each row when (old.name is distinct from new.name) execute function ${sql.raw(`${table}_search_renamed`)}()
    `.execute(db);
  }

  // Title vocabulary for typo suggestions: each distinct word (unaccented, lower case, 3+
  // characters) of thread titles, counted per thread and per public thread.
  await sql`
    create function title_words_of(p_title text) returns text[]
      language sql immutable parallel safe
      as $$
        select coalesce(array_agg(distinct w order by w), '{}')
        from regexp_split_to_table(f_unaccent(lower(coalesce(p_title, ''))), '[^a-z0-9]+') as w
        where length(w) between 3 and 40
      $$
  `.execute(db);
  await sql`
    create table title_word (
      word text primary key,
      thread_count integer not null check (thread_count >= 0),
      public_count integer not null check (public_count >= 0)
    )
  `.execute(db);
  await sql`
    insert into title_word (word, thread_count, public_count)
      select w, count(*), count(*) filter (where visibility = 'public')
      from thread, unnest(title_words_of(title)) as w
      group by w
  `.execute(db);
  // Words are locked in sorted order (title_words_of sorts them): two threads written at once
  // cannot deadlock on their common words.
  await sql`
    create function title_word_count() returns trigger
      language plpgsql
      as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          update title_word
            set thread_count = thread_count - 1, public_count = public_count - (old.visibility = 'public')::int
            where word = any(title_words_of(old.title));
          delete from title_word where word = any(title_words_of(old.title)) and thread_count = 0;
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into title_word (word, thread_count, public_count)
            select w, 1, (new.visibility = 'public')::int from unnest(title_words_of(new.title)) as w
            on conflict (word) do update
              set thread_count = title_word.thread_count + 1, public_count = title_word.public_count + excluded.public_count;
        end if;
        return null;
      end
      $$
  `.execute(db);
  await sql`
    create trigger thread_title_word_count
      after insert or delete or update of title, visibility on thread
      for each row execute function title_word_count()
  `.execute(db);

  await sql`create index post_search_idx on post using gin (search_vector)`.execute(db);
  // Newest matches first (the bounded ranking window), and the avant:/apres: filters.
  await sql`create index post_created_idx on post (created_at, id)`.execute(db);
  // The same for visitors, who search public threads only.
  await sql`create index post_public_created_idx on post (created_at, id) where public_thread`.execute(db);
  // A member's posts, newest first (the @member filter).
  await sql`create index post_author_created_idx on post (author_id, created_at, id)`.execute(db);
  await sql`create index thread_title_search_idx on thread using gin (title_vector)`.execute(db);
  await sql`create index thread_title_words_idx on thread using gin (title_words)`.execute(db);
  await sql`create index title_word_trgm_idx on title_word using gin (word gin_trgm_ops)`.execute(db);
  await sql`analyze post`.execute(db);
  await sql`analyze thread`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger thread_title_word_count on thread`.execute(db);
  await sql`drop function title_word_count()`.execute(db);
  await sql`drop table title_word`.execute(db);
  await sql`drop function title_words_of(text)`.execute(db);
  for (const index of [
    "thread_title_words_idx",
    "thread_title_search_idx",
    "post_author_created_idx",
    "post_public_created_idx",
    "post_created_idx",
    "post_search_idx",
  ]) {
    await sql`drop index ${sql.raw(index)}`.execute(db);
  }
  for (const table of ["collectivite", "topic"]) {
    await sql`drop trigger ${sql.raw(`${table}_search_renamed`)} on ${sql.table(table)}`.execute(db);
    await sql`drop function ${sql.raw(`${table}_search_renamed`)}()`.execute(db);
  }
  for (const table of ["thread_collectivite", "thread_topic"]) {
    for (const event of ["inserted", "deleted", "updated"]) {
      await sql`drop trigger ${sql.raw(`${table}_search_${event}`)} on ${sql.table(table)}`.execute(db);
    }
  }
  for (const name of ["search_tags_inserted", "search_tags_deleted", "search_tags_updated"]) {
    await sql`drop function ${sql.raw(name)}()`.execute(db);
  }
  await sql`drop trigger thread_search_header_propagate on thread`.execute(db);
  await sql`drop function thread_search_header_propagate()`.execute(db);
  await sql`drop trigger thread_search_header on thread`.execute(db);
  await sql`drop function thread_search_header_refresh()`.execute(db);
  await sql`drop trigger post_search_vector on post`.execute(db);
  await sql`drop function post_search_vector_refresh()`.execute(db);
  await sql`alter table post drop column public_thread`.execute(db);
  await sql`alter table post drop column search_vector`.execute(db);
  await sql`alter table thread drop column title_words`.execute(db);
  await sql`alter table thread drop column title_vector`.execute(db);
  await sql`alter table thread drop column search_header`.execute(db);
  await sql`drop function thread_search_header(integer, text, text)`.execute(db);
  await sql`drop function f_unaccent(text)`.execute(db);
}
