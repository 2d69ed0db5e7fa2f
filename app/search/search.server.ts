import { sql, type Kysely, type RawBuilder } from "kysely";

import type { Database, ThreadKind, ThreadVisibility } from "../../db/schema";
import { can } from "../auth/permissions";
import type { Viewer } from "../forum/viewer";
import { safeHighlight } from "./highlight";
import { type Clause, type SearchQuery, type TextTerm } from "./query-parser";
import { allWords, hasPositiveText } from "./query-format";
import { isQuestionStatus } from "./statuses";
import { RESULTS_PER_PAGE, type SearchSort } from "./search-params";

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

const CONFIG = sql`'french_unaccent'::regconfig`;
/** Weights for D, C (tags), B (body), A (title). */
const WEIGHTS = sql`'{0.1, 0.2, 0.4, 1.0}'::float4[]`;
const PARIS = "Europe/Paris";

export interface ResolvedFilters {
  topicIds: number[];
  collectiviteIds: number[];
  authorId: number | null;
}

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

export function canReadMembers(viewer: Viewer | null): boolean {
  return can(viewer, "thread.readMembers");
}

function termQuery(term: TextTerm): RawBuilder<unknown> {
  const query = term.type === "phrase" ? sql`phraseto_tsquery(${CONFIG}, ${term.text})` : sql`plainto_tsquery(${CONFIG}, ${term.text})`;
  return term.negated ? sql`(!! ${query})` : query;
}

/**
 * The clauses as one tsquery expression over bound values: AND of clauses, OR within one.
 * A stop word gives an empty tsquery, which && and || simply drop.
 */
export function tsqueryOf(clauses: Clause[]): RawBuilder<string> {
  if (clauses.length === 0) return sql<string>`''::tsquery`;
  const parts = clauses.map((clause) =>
    clause.any.length === 1 ? termQuery(clause.any[0]!) : sql`(${sql.join(clause.any.map(termQuery), sql` || `)})`,
  );
  return sql<string>`(${sql.join(parts, sql` && `)})`;
}

function hasNegation(clauses: Clause[]): boolean {
  return clauses.some((clause) => clause.any.some((term) => term.negated));
}

/** The clauses without any exclusion (an OR with an excluded term says nothing positive). */
function positivePart(clauses: Clause[]): RawBuilder<string> | null {
  const positive = clauses.filter((clause) => clause.any.every((term) => !term.negated));
  return positive.length > 0 ? tsqueryOf(positive) : null;
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

interface SearchParameters {
  query: SearchQuery;
  resolved: ResolvedFilters;
  /** Use the text (false: the filters alone choose, newest first). */
  useText: boolean;
  sort: SearchSort;
  page: number;
  pageSize?: number;
  window?: number;
}

/**
 * A filter lexeme of the vectors (migration 004: "#kretour", "#t12", "#c3"), as a tsquery literal.
 * Built only from fixed prefixes, enum values and integer ids.
 */
function filterLexeme(lexeme: string): RawBuilder<unknown> {
  if (!/^#[a-z][a-z0-9]*$/.test(lexeme)) throw new Error(`not a filter lexeme: ${lexeme}`);
  return sql`${`'${lexeme}'`}::tsquery`;
}

/** The thread-level filters as a tsquery on the filter lexemes, or null when there are none. */
export function filterQueryOf(query: SearchQuery, resolved: ResolvedFilters): RawBuilder<string> | null {
  const lexemes: string[] = [];
  if (query.filters.kind) lexemes.push(`#k${query.filters.kind}`);
  // Only gouvernance threads have a proposal status, only questions are resolved or open: the kind
  // lexeme narrows the match through the index.
  const status = query.filters.status;
  const statusKind = status ? (isQuestionStatus(status) ? "question" : "gouvernance") : null;
  if (statusKind && query.filters.kind !== statusKind) lexemes.push(`#k${statusKind}`);
  for (const id of resolved.topicIds) lexemes.push(`#t${id}`);
  for (const id of resolved.collectiviteIds) lexemes.push(`#c${id}`);
  return lexemes.length > 0 ? sql<string>`(${sql.join(lexemes.map(filterLexeme), sql` && `)})` : null;
}

/**
 * The conditions every matching post meets. Text and thread-level filters are one `@@` on the
 * post's vector (one GIN index, one selectivity estimate), and the post table alone is read, so
 * the planner can walk an index of posts newest first and stop at the window. Visitors read posts
 * of public threads only: `public_thread` (a copy with its own index) chooses them here, and the
 * thread's own column is checked again after the window (see searchPosts), where it cannot skew
 * the plan. `dans:titre` matches the thread's title instead (a thread-level search).
 */
function matchConditions(viewer: Viewer | null, params: SearchParameters): RawBuilder<boolean> {
  const { query, resolved, useText } = params;
  const conditions: RawBuilder<unknown>[] = [sql`p.deleted_at is null`];
  if (!canReadMembers(viewer)) conditions.push(sql`p.public_thread`);
  const text = useText ? tsqueryOf(query.clauses) : null;
  // With exclusions, the planner reads "-x" as "almost every post" and may walk all posts in date
  // order for a query that matches few. Stating the positive part again (an index-usable,
  // redundant condition) makes it count the selective part twice: an underestimate, which sends
  // it to the GIN index, bounded by the positive terms' frequency.
  const positive = text && hasNegation(query.clauses) ? positivePart(query.clauses) : null;
  if (query.filters.titleOnly) {
    if (!canReadMembers(viewer)) conditions.push(sql`t.visibility = 'public'`);
    conditions.push(sql`p.position = 1`);
    // Unlisted threads (moderation) leave search; their posts' vectors are already empty.
    conditions.push(sql`t.unlisted_at is null and p.hidden_at is null`);
    if (text) conditions.push(sql`t.title_vector @@ ${text}`);
    if (positive) conditions.push(sql`t.title_vector @@ ${positive}`);
    if (query.filters.kind) conditions.push(sql`t.kind = ${query.filters.kind}`);
    for (const id of resolved.topicIds) {
      conditions.push(sql`exists (select 1 from thread_topic tt where tt.thread_id = p.thread_id and tt.topic_id = ${id})`);
    }
    for (const id of resolved.collectiviteIds) {
      conditions.push(sql`exists (select 1 from thread_collectivite tc where tc.thread_id = p.thread_id and tc.collectivite_id = ${id})`);
    }
  } else {
    const filters = filterQueryOf(query, resolved);
    const combined = text && filters ? sql`(${text} && ${filters})` : (text ?? filters);
    if (combined) conditions.push(sql`p.search_vector @@ ${combined}`);
    if (positive) conditions.push(sql`p.search_vector @@ ${positive}`);
  }
  const status = statusCondition(query.filters.status, sql`p.thread_id`);
  if (status) conditions.push(status);
  // A member's posts have their own index in date order (author_id, created_at, id).
  if (resolved.authorId !== null) conditions.push(sql`p.author_id = ${resolved.authorId}`);
  if (query.filters.after) conditions.push(sql`p.created_at >= (${query.filters.after}::date::timestamp at time zone ${PARIS})`);
  if (query.filters.before) conditions.push(sql`p.created_at < (${query.filters.before}::date::timestamp at time zone ${PARIS})`);
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

/**
 * `statut:`, read on the thread row (a proposal's status and a question's accepted answer change
 * without touching the posts' vectors), for both plans: `threadId` is the matched row's thread.
 */
function statusCondition(status: SearchQuery["filters"]["status"], threadId: RawBuilder<unknown>): RawBuilder<unknown> | null {
  if (!status) return null;
  if (status === "resolu" || status === "ouvert") {
    const accepted = status === "resolu" ? sql`is not null` : sql`is null`;
    return sql`exists (select 1 from thread st where st.id = ${threadId} and st.kind = 'question' and st.accepted_post_id ${accepted})`;
  }
  return sql`exists (select 1 from thread st where st.id = ${threadId} and st.governance_status = ${status})`;
}

/**
 * The narrow table (`post_search`, migration 023) serves every search that matches vectors: text
 * or filter lexemes, without `dans:titre` or `@membre` (those keep their own plans on `post`).
 */
function usesNarrowTable(params: SearchParameters): boolean {
  const { query, resolved, useText } = params;
  if (query.filters.titleOnly || resolved.authorId !== null) return false;
  return (useText && query.clauses.length > 0) || filterQueryOf(query, resolved) !== null;
}

/** Months searched first (this one and the five before), then the next eighteen, then the rest. */
const RECENT_MONTHS = 6;
const MIDDLE_MONTHS = 18;

/** The month lexemes of `post_search` ("#mYYYYMM", UTC) from `first` to `last` months before `now`, as one tsquery text. */
export function monthsQueryText(now: Date, first: number, last: number): string {
  const lexemes: string[] = [];
  for (let back = first; back <= last; back++) {
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    lexemes.push(`'#m${month.getUTCFullYear()}${String(month.getUTCMonth() + 1).padStart(2, "0")}'`);
  }
  return lexemes.join(" | ");
}

/** The conditions of `matchConditions` on the narrow table (alias `s`), plus `extra`. */
function narrowConditions(viewer: Viewer | null, params: SearchParameters, extra: RawBuilder<unknown>): RawBuilder<boolean> {
  const { query, resolved, useText } = params;
  const conditions: RawBuilder<unknown>[] = [];
  if (!canReadMembers(viewer)) conditions.push(sql`s.public_thread`);
  const text = useText && query.clauses.length > 0 ? tsqueryOf(query.clauses) : null;
  const positive = text && hasNegation(query.clauses) ? positivePart(query.clauses) : null;
  const filters = filterQueryOf(query, resolved);
  const combined = text && filters ? sql`(${text} && ${filters})` : (text ?? filters);
  conditions.push(sql`s.vector @@ ${combined}`);
  if (positive) conditions.push(sql`s.vector @@ ${positive}`);
  const status = statusCondition(query.filters.status, sql`s.thread_id`);
  if (status) conditions.push(status);
  if (query.filters.after) conditions.push(sql`s.created_at >= (${query.filters.after}::date::timestamp at time zone ${PARIS})`);
  if (query.filters.before) conditions.push(sql`s.created_at < (${query.filters.before}::date::timestamp at time zone ${PARIS})`);
  conditions.push(extra);
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

/**
 * The newest `window + 1` matches from the narrow table, in up to three steps of one statement:
 * the last six months (the month lexemes join the text in the one GIN lookup, so only their
 * matches' rows are read), then, only if fewer than `window + 1` were found, the eighteen months
 * before, then everything older. The steps cover disjoint, successive periods, so the result is
 * exactly the newest `window + 1` matches, as one scan of all matches would give. A query with an
 * exclusion takes one step over all periods.
 */
function narrowMatches(viewer: Viewer | null, params: SearchParameters, window: number) {
  const step = (where: RawBuilder<boolean>) => sql`
    select s.post_id as id, s.thread_id, s.created_at, s.vector as v
    from post_search s
    where ${where}
    order by s.created_at desc, s.post_id desc
    limit ${window + 1}`;
  // An exclusion makes every GIN lookup read the excluded words' entries: one lookup, not three.
  if (params.useText && hasNegation(params.query.clauses)) return step(narrowConditions(viewer, params, sql`true`));
  const now = new Date();
  // Next month too: a post dated a little ahead of this clock is still among the newest.
  const recent = monthsQueryText(now, -1, RECENT_MONTHS - 1);
  const middle = monthsQueryText(now, RECENT_MONTHS, RECENT_MONTHS + MIDDLE_MONTHS - 1);
  const olderThan = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (RECENT_MONTHS + MIDDLE_MONTHS - 1), 1));
  return sql`
    with recent as materialized (${step(narrowConditions(viewer, params, sql`s.vector @@ ${recent}::tsquery`))}),
    middle as materialized (${step(
      narrowConditions(viewer, params, sql`(select count(*) from recent) <= ${window} and s.vector @@ ${middle}::tsquery`),
    )}),
    older as materialized (${step(
      narrowConditions(
        viewer,
        params,
        sql`(select count(*) from recent) + (select count(*) from middle) <= ${window} and s.created_at < ${olderThan.toISOString()}::timestamptz`,
      ),
    )})
    select * from recent union all select * from middle union all select * from older
    order by created_at desc, id desc
    limit ${window + 1}
  `;
}

/** The bounded match set: the newest `window + 1` matching posts (one more tells "capped"). */
function matchesCte(viewer: Viewer | null, params: SearchParameters, window: number) {
  if (usesNarrowTable(params)) return narrowMatches(viewer, params, window);
  const titleOnly = params.query.filters.titleOnly;
  return sql`
    select p.id, p.thread_id, p.created_at, ${titleOnly ? sql`t.title_vector` : sql`p.search_vector`} as v
    from post p
    ${titleOnly ? sql`join thread t on t.id = p.thread_id` : sql``}
    where ${matchConditions(viewer, params)}
    order by p.created_at desc, p.id desc
    limit ${window + 1}
  `;
}

/** Visitors: the thread-level visibility check, after the window (alias `m` for the matches). */
function visibleThread(viewer: Viewer | null): RawBuilder<unknown> {
  return canReadMembers(viewer) ? sql`` : sql`join thread vt on vt.id = m.thread_id and vt.visibility = 'public'`;
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

/** Markdown marks that read badly in an excerpt: heading/quote/list markers, emphasis, table rules. */
const LINE_MARKERS = "^[ \\t]*(#{1,6}|>+|[-*+]|[0-9]+\\.)[ \\t]+";
const INLINE_MARKS = "[*_`|~]+|-{3,}|={3,}";
const LINKS = "!?\\[([^\\]]*)\\]\\([^)]*\\)";
/** ts_headline reads at most this much of a post: its cost grows with the text. */
const EXCERPT_SOURCE_CHARS = 20_000;

function escapedPlainText(column: RawBuilder<unknown>): RawBuilder<string> {
  const plain = sql`regexp_replace(regexp_replace(regexp_replace(${column}, ${LINKS}, '\\1', 'g'), ${LINE_MARKERS}, '', 'gn'), ${INLINE_MARKS}, ' ', 'g')`;
  // Escaped before ts_headline, which then adds its <mark> tags to text that holds no markup.
  return sql<string>`replace(replace(replace(${plain}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;
}

/**
 * Excerpts for one page of results: one query, ts_headline only on these posts. A post that
 * matched through its thread's title or tags alone shows its beginning.
 */
async function loadExcerpts(
  db: Kysely<Database>,
  postIds: number[],
  clauses: Clause[],
): Promise<Map<number, { title: string; excerpt: string; attachment: string | null }>> {
  const tsquery = tsqueryOf(clauses);
  const body = escapedPlainText(sql`left(p.body_markdown, ${EXCERPT_SOURCE_CHARS})`);
  const beginning = escapedPlainText(sql`left(p.body_markdown, 400)`);
  const title = sql`replace(replace(replace(t.title, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;
  const highlighted = clauses.length > 0;
  // Attachments' text (weight D, docs/files.md): when only it matched, the excerpt comes from it.
  const attachmentText = escapedPlainText(sql`left(coalesce(p.attachment_text, ''), ${EXCERPT_SOURCE_CHARS})`);
  const inAttachment = sql`${highlighted} and not (ts_filter(p.search_vector, '{b}') @@ ${tsquery}) and ts_filter(p.search_vector, '{d}') @@ ${tsquery}`;
  const { rows } = await sql<{ id: number; title: string; excerpt: string; attachment: string | null }>`
    select
      p.id,
      ${highlighted ? sql`ts_headline(${CONFIG}, ${title}, ${tsquery}, 'HighlightAll=true, StartSel=<mark>, StopSel=</mark>')` : title} as title,
      case
        when ${highlighted} and ts_filter(p.search_vector, '{b}') @@ ${tsquery}
          then ts_headline(${CONFIG}, ${body}, ${tsquery},
            'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "')
        when ${inAttachment}
          then ts_headline(${CONFIG}, ${attachmentText}, ${tsquery},
            'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "')
        else ${beginning}
      end as excerpt,
      case when ${inAttachment} then (
        select f.name from post_file pf join file f on f.id = pf.file_id
        where pf.post_id = p.id and pf.current and f.extracted_text is not null
          and to_tsvector(${CONFIG}, f.extracted_text) @@ ${tsquery}
        order by f.name limit 1
      ) end as attachment
    from post p
    join thread t on t.id = p.thread_id
    where p.id = any(${postIds}::int[])
  `.execute(db);
  return new Map(rows.map((r) => [r.id, { title: r.title, excerpt: trimExcerpt(r.excerpt), attachment: r.attachment }]));
}

/** The beginning of a post, cut at a word near 240 characters. */
function trimExcerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= 260 || flat.includes("<mark>")) return flat;
  const cut = flat.slice(0, 240);
  const space = cut.lastIndexOf(" ");
  // Never cut inside an entity such as "&amp;".
  const safe = (space > 180 ? cut.slice(0, space) : cut).replace(/&[a-z#0-9]*$/i, "");
  return `${safe} …`;
}
