import { sql, type RawBuilder } from "kysely";

import { canReadMembers } from "../forum/threads.server";
import type { Viewer } from "../forum/viewer";
import { type Clause, type SearchQuery, type TextTerm } from "./query-parser";
import { isQuestionStatus } from "./statuses";
import type { SearchSort } from "./search-params";

/**
 * The match plans of full-text search (docs/search.md): the tsquery built from the parsed
 * clauses, the conditions a matching post meets, and the bounded match set, on the post table or
 * on the narrow `post_search` table. search.server.ts ranks and shapes what these select.
 */

export const CONFIG = sql`'french_unaccent'::regconfig`;
const PARIS = "Europe/Paris";

export interface ResolvedFilters {
  topicIds: number[];
  collectiviteIds: number[];
  authorId: number | null;
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

export interface SearchParameters {
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
export function usesNarrowTable(params: SearchParameters): boolean {
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
export function matchesCte(viewer: Viewer | null, params: SearchParameters, window: number) {
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
export function visibleThread(viewer: Viewer | null): RawBuilder<unknown> {
  return canReadMembers(viewer) ? sql`` : sql`join thread vt on vt.id = m.thread_id and vt.visibility = 'public'`;
}
