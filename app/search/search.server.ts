import { sql, type Kysely } from "kysely";

import type { Database, ThreadKind, ThreadVisibility } from "../../db/schema";
import type { Viewer } from "../forum/viewer";
import { loadExcerpts } from "./excerpts.server";
import { safeHighlight } from "./highlight";
import { type SearchQuery } from "./query-parser";
import { allWords, hasPositiveText } from "./query-format";
import { RESULTS_PER_PAGE } from "./search-params";
import { canReadMembers } from "../forum/threads.server";
import { CONFIG, matchesCte, tsqueryOf, usesNarrowTable, visibleThread, type SearchParameters } from "./search-plans.server";

/**
 * Full-text search over posts (docs/search.md). Per page, whatever its size:
 *   1. a preparation query: stop words among the typed words, the `@member` filter's id;
 *   2. the results query: the newest SEARCH_WINDOW matching posts (bounded, so a word found in
 *      half the corpus costs the same as a rare one), ranked, one row per thread (its best post),
 *      the page of those threads and their total;
 *   3. the excerpts query: ts_headline for the posts of the page only.
 * The text never becomes SQL: each word or phrase is a bound parameter of plainto_tsquery or
 * phraseto_tsquery, combined with the tsquery operators &&, || and !!.
 */

/**
 * How many of the newest matching posts are ranked. More matches than this: "plus de N résultats"
 * and a note on the page. 1 000 posts make a few hundred threads, more than anyone pages through.
 */
export const SEARCH_WINDOW = 1000;

/** Weights for D, C (tags), B (body), A (title). */
const WEIGHTS = sql`'{0.1, 0.2, 0.4, 1.0}'::float4[]`;

export interface SearchHit {
  postId: number;
  position: number;
  threadId: number;
  threadSlug: string;
  threadTitle: string;
  /** The title with <mark> around matched words: safe HTML. */
  titleHtml: string;
  /** A highlighted excerpt of the post: safe HTML. */
  excerptHtml: string;
  /** When the words were found in an attachment's text rather than the post: its name. */
  attachmentName: string | null;
  kind: ThreadKind;
  visibility: ThreadVisibility;
  authorId: number;
  authorName: string;
  createdAt: Date;
  replyCount: number;
  /** A question with an accepted answer. */
  resolved: boolean;
  /** "Utile" marks on the thread's posts. */
  usefulCount: number;
  collectivites: { slug: string; name: string }[];
  topics: { slug: string; name: string }[];
}

export interface SearchPage {
  hits: SearchHit[];
  /** Threads found (within the window when `capped`). */
  total: number;
  /** More posts matched than the window ranks: the total is a lower bound. */
  capped: boolean;
}

export interface Preparation {
  /** Typed words the French dictionary ignores ("le", "de", …). */
  stopWords: string[];
  /** The text gives PostgreSQL something to look up (not only stop words or exclusions). */
  searchable: boolean;
  /** The text has lexemes at all (possibly only excluded ones). */
  hasLexemes: boolean;
  author: { id: number; name: string; handle: string } | null;
}
/** One round trip: what the dictionary makes of the words, and who `@member` is. */
export async function prepareSearch(db: Kysely<Database>, viewer: Viewer | null, query: SearchQuery): Promise<Preparation> {
  const words = allWords(query);
  const member = canReadMembers(viewer);
  const handle = query.filters.author ?? "";
  // A visitor only learns of members who wrote in public threads.
  const authorVisible = member
    ? sql<boolean>`true`
    : sql<boolean>`exists (select 1 from post p where p.author_id = u.id and p.public_thread and p.deleted_at is null)`;
  const tsquery = tsqueryOf(query.clauses);
  const { rows } = await sql<{ nodes: number; tree: string; stop_words: string[]; author: { id: number; name: string; handle: string } | null }>`
    select
      numnode(${tsquery}) as nodes,
      querytree(${tsquery}) as tree,
      (select coalesce(json_agg(w), '[]'::json) from unnest(${words}::text[]) as w where numnode(plainto_tsquery(${CONFIG}, w)) = 0) as stop_words,
      (select json_build_object('id', u.id, 'name', u.display_name, 'handle', u.handle) from app_user u where u.handle = ${handle} and ${authorVisible}) as author
  `.execute(db);
  const row = rows[0]!;
  return {
    stopWords: row.stop_words,
    hasLexemes: row.nodes > 0,
    searchable: row.nodes > 0 && row.tree !== "T" && hasPositiveText(query),
    author: row.author,
  };
}
interface HitRow {
  postId: number;
  total: number;
  capped: boolean;
  position: number;
  createdAt: Date;
  authorId: number;
  authorName: string;
  threadId: number;
  slug: string;
  title: string;
  kind: ThreadKind;
  visibility: ThreadVisibility;
  replyCount: number;
  resolved: boolean;
  usefulCount: number;
  collectivites: { slug: string; name: string }[];
  topics: { slug: string; name: string }[];
}

/**
 * Results and total in one statement, then excerpts for the page. Relevance is ts_rank_cd (cover
 * density: repeated and nearby terms count; title A 1.0, body B 0.4, tags C 0.2; divided by
 * 1 + log(length)) times a mild freshness boost: ×1.5 for a post written today, ×1.25 after a
 * year, ×1.1 after four. Ties break on date then id, so pages never overlap.
 */
export async function searchPosts(db: Kysely<Database>, viewer: Viewer | null, params: SearchParameters): Promise<SearchPage> {
  const window = params.window ?? SEARCH_WINDOW;
  const pageSize = params.pageSize ?? RESULTS_PER_PAGE;
  const offset = (params.page - 1) * pageSize;
  const tsquery = tsqueryOf(params.query.clauses);
  // The narrow table's vectors carry a month lexeme: taken out, so that the length that normalizes
  // the rank is the post's own.
  const vector = usesNarrowTable(params) ? sql`ts_delete(m.v, '#m' || to_char(m.created_at at time zone 'UTC', 'YYYYMM'))` : sql`m.v`;
  const rank = !params.useText
    ? sql`0::float8`
    : params.query.filters.titleOnly
      ? sql`ts_rank_cd(m.v, ${tsquery})::float8`
      : sql`ts_rank_cd(${WEIGHTS}, ${vector}, ${tsquery}, 1)::float8`;
  const freshness = sql`(1 + 0.5 / (1 + extract(epoch from (now() - m.created_at))::float8 / 31557600))`;
  const byDate = params.sort === "date" || (!params.useText && params.sort !== "utile");
  const byUseful = params.sort === "utile";
  const bestOrder = byDate ? sql`created_at desc, id desc` : sql`score desc, created_at desc, id desc`;
  // "utile": threads with the most "utile" marks first, then as by relevance (or date without text).
  const innerOrder = byUseful
    ? sql`useful desc, score desc, created_at desc, id desc`
    : byDate
      ? sql`created_at desc, id desc`
      : sql`score desc, created_at desc, id desc`;
  const pageOrder = byUseful
    ? sql`page.useful desc, page.score desc, page.created_at desc, page.id desc`
    : byDate
      ? sql`page.created_at desc, page.id desc`
      : sql`page.score desc, page.created_at desc, page.id desc`;

  const { rows } = await sql<HitRow>`
    with matches as (${matchesCte(viewer, params, window)}),
    ranked as (
      select m.id, m.thread_id, m.created_at, ${rank} * ${freshness} as score
      from (select * from matches order by created_at desc, id desc limit ${window}) as m
      ${visibleThread(viewer)}
    ),
    best as (
      select distinct on (thread_id) id, thread_id, created_at, score
      from ranked
      order by thread_id, ${bestOrder}
    ),
    page as (
      select best.id, best.thread_id, best.created_at, best.score, ut.useful_count as useful, count(*) over () as total
      from best
      join thread ut on ut.id = best.thread_id
      order by ${innerOrder}
      limit ${pageSize} offset ${offset}
    )
    select
      page.id as "postId",
      page.total::int as total,
      (select count(*) from matches) > ${window} as capped,
      p.position,
      p.created_at as "createdAt",
      p.author_id as "authorId",
      a.display_name as "authorName",
      t.id as "threadId",
      t.slug,
      t.title,
      t.kind,
      t.visibility,
      t.reply_count as "replyCount",
      (t.kind = 'question' and t.accepted_post_id is not null) as resolved,
      t.useful_count as "usefulCount",
      (select coalesce(json_agg(json_build_object('slug', c.slug, 'name', c.name) order by c.name), '[]'::json)
         from thread_collectivite tc join collectivite c on c.id = tc.collectivite_id where tc.thread_id = t.id) as collectivites,
      (select coalesce(json_agg(json_build_object('slug', tp.slug, 'name', tp.name) order by tp.name), '[]'::json)
         from thread_topic tt join topic tp on tp.id = tt.topic_id where tt.thread_id = t.id) as topics
    from page
    join post p on p.id = page.id
    join thread t on t.id = page.thread_id
    join app_user a on a.id = p.author_id
    order by ${pageOrder}
  `.execute(db);

  if (rows.length === 0) {
    if (offset === 0) return { hits: [], total: 0, capped: false };
    // A page past the end: the total still matters for the page's message and links.
    const count = await sql<{ total: number; capped: boolean }>`
      with matches as (${matchesCte(viewer, params, window)})
      select
        (select count(distinct m.thread_id) from (select thread_id from matches order by created_at desc, id desc limit ${window}) m
           ${visibleThread(viewer)})::int as total,
        (select count(*) from matches) > ${window} as capped
    `.execute(db);
    return { hits: [], total: count.rows[0]?.total ?? 0, capped: count.rows[0]?.capped ?? false };
  }

  const excerpts = await loadExcerpts(
    db,
    rows.map((r) => r.postId),
    params.useText ? params.query.clauses : [],
  );
  return {
    total: rows[0]!.total,
    capped: rows[0]!.capped,
    hits: rows.map((row) => {
      const excerpt = excerpts.get(row.postId);
      return {
        postId: row.postId,
        position: row.position,
        threadId: row.threadId,
        threadSlug: row.slug,
        threadTitle: row.title,
        titleHtml: safeHighlight(excerpt?.title ?? ""),
        excerptHtml: safeHighlight(excerpt?.excerpt ?? ""),
        attachmentName: excerpt?.attachment ?? null,
        kind: row.kind,
        visibility: row.visibility,
        authorId: row.authorId,
        authorName: row.authorName,
        createdAt: row.createdAt,
        replyCount: row.replyCount,
        resolved: row.resolved,
        usefulCount: row.usefulCount,
        collectivites: row.collectivites,
        topics: row.topics,
      };
    }),
  };
}
