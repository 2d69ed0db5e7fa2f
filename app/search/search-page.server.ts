import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { listCollectiviteChoices } from "../collectivites/collectivites.server";
import { isSlug } from "../lib/ids";
import type { Viewer } from "../forum/viewer";
import { listTopics } from "../topics/topics.server";
import { type SearchFilters, type SearchQuery } from "./query-parser";
import { formatFilters, formatSearchQuery, hasFilters, hasText } from "./query-format";
import { activeFilters, MAX_PAGE, RESULTS_PER_PAGE, searchHref, type ActiveFilter, type SearchRequest, type SearchSort } from "./search-params";
import { prepareSearch, SEARCH_WINDOW, searchPosts, type SearchHit } from "./search.server";
import { suggestCorrections } from "./suggestions.server";

/** A search that runs longer than this is stopped and the reader asked to narrow it. */
const STATEMENT_TIMEOUT_MS = 5_000;

export interface Choice {
  slug: string;
  name: string;
}

export type SearchState =
  /** Nothing asked yet: the page explains the syntax. */
  | "idle"
  /** Something was typed but nothing searchable is left (only stop words, only exclusions…). */
  | "unsearchable"
  | "results"
  | "timeout";

export interface SearchPageData {
  state: SearchState;
  /** The normalized query, written back into the search box. */
  q: string;
  /** The filters as the form shows them (the `filtres` hidden field). */
  shownFilters: string;
  filters: SearchFilters;
  sort: SearchSort;
  page: number;
  pageCount: number;
  hits: SearchHit[];
  total: number;
  capped: boolean;
  window: number;
  /** French, for the page: what was ignored or changed. */
  notices: string[];
  active: (Omit<ActiveFilter, "without"> & { href: string })[];
  didYouMean: { q: string; href: string } | null;
  similarTitles: { id: number; slug: string; title: string }[];
  authorName: string | null;
  choices: { collectivites: Choice[]; topics: Choice[] };
}

const quote = (text: string) => `« ${text} »`;

/** Levenshtein distance, for "did you mean" on the short lists of slugs. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function closest(slug: string, choices: Choice[]): Choice | null {
  let best: Choice | null = null;
  let bestDistance = Infinity;
  for (const choice of choices) {
    const d = Math.min(distance(slug, choice.slug), choice.slug.startsWith(slug) || slug.startsWith(choice.slug) ? 1 : Infinity);
    if (d < bestDistance) {
      best = choice;
      bestDistance = d;
    }
  }
  return best && bestDistance <= Math.max(2, Math.floor(slug.length / 3)) ? best : null;
}

function resolveSlugs(slugs: string[], choices: (Choice & { id: number })[], what: string, token: (slug: string) => string, notices: string[]) {
  const ids: number[] = [];
  const kept: string[] = [];
  for (const slug of slugs) {
    const found = choices.find((c) => c.slug === slug);
    if (found) {
      ids.push(found.id);
      kept.push(slug);
      continue;
    }
    const near = closest(slug, choices);
    notices.push(
      `${quote(token(slug))} ignoré : ${what} inconnue.${near ? ` Vouliez-vous dire ${quote(token(near.slug))} (${near.name}) ?` : ""}`,
    );
  }
  return { ids, kept };
}

/**
 * A thématique renamed or merged keeps its old slugs (`topic_slug_redirect`): a filter naming one
 * finds the threads of the thématique it became, with a notice. One query, only when a slug is unknown.
 */
async function followMovedTopics(db: Kysely<Database>, slugs: string[], choices: Choice[], notices: string[]): Promise<string[]> {
  const unknown = slugs.filter((slug) => isSlug(slug) && !choices.some((c) => c.slug === slug));
  if (unknown.length === 0) return slugs;
  const moved = await db
    .selectFrom("topic_slug_redirect")
    .innerJoin("topic", "topic.id", "topic_slug_redirect.topic_id")
    .select(["topic_slug_redirect.old_slug", "topic.slug", "topic.name"])
    .where("topic_slug_redirect.old_slug", "in", unknown)
    .execute();
  const byOld = new Map(moved.map((m) => [m.old_slug, m]));
  const result = slugs.map((slug) => {
    const target = byOld.get(slug);
    if (!target) return slug;
    notices.push(`${quote(`#${slug}`)} est devenue ${quote(`#${target.slug}`)} (${target.name}) : les fils de cette thématique sont affichés.`);
    return target.slug;
  });
  return [...new Set(result)];
}

function isQueryCanceled(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "57014";
}

/**
 * Everything `/recherche` shows. Unknown tags and members are dropped with a notice (and the
 * query written back without them); the search itself runs in one read-only transaction with a
 * statement timeout, so no input can hold a connection for long.
 */
export async function loadSearchPage(db: Kysely<Database>, viewer: Viewer | null, request: SearchRequest): Promise<SearchPageData> {
  const [collectiviteRows, topicRows] = await Promise.all([listCollectiviteChoices(db), listTopics(db)]);
  const choices = {
    collectivites: collectiviteRows.map(({ slug, name }) => ({ slug, name })),
    topics: topicRows.map(({ slug, name }) => ({ slug, name })),
  };
  const notices = [...request.query.notices];
  const topicSlugs = await followMovedTopics(db, request.query.filters.topics, topicRows, notices);
  const topics = resolveSlugs(topicSlugs, topicRows, "thématique", (s) => `#${s}`, notices);
  const collectivites = resolveSlugs(request.query.filters.collectivites, collectiviteRows, "collectivité", (s) => `collectivite:${s}`, notices);
  const query: SearchQuery = {
    clauses: request.query.clauses,
    filters: { ...request.query.filters, topics: topics.kept, collectivites: collectivites.kept },
  };

  const base: SearchPageData = {
    state: "idle",
    q: formatSearchQuery(query),
    shownFilters: formatFilters(query.filters),
    filters: query.filters,
    sort: request.sort,
    page: request.page,
    pageCount: 0,
    hits: [],
    total: 0,
    capped: false,
    window: SEARCH_WINDOW,
    notices,
    active: [],
    didYouMean: null,
    similarTitles: [],
    authorName: null,
    choices,
  };
  if (!hasText(query) && !hasFilters(query.filters)) {
    if (request.submitted && notices.length === 0) {
      notices.push("Tapez un ou plusieurs mots à chercher, ou choisissez un filtre.");
    }
    return { ...base, state: request.submitted && notices.length > 0 ? "unsearchable" : "idle" };
  }

  try {
    return await db.transaction().execute(async (trx) => {
      await sql`set transaction read only`.execute(trx);
      // A statement timeout as a safety net, and no JIT: compiling costs more than these short
      // queries take, and the planner's cost estimates for them can pass jit_above_cost.
      await sql`select set_config('statement_timeout', ${String(STATEMENT_TIMEOUT_MS)}, true), set_config('jit', 'off', true)`.execute(trx);
      const preparation = await prepareSearch(trx, viewer, query);
      if (preparation.stopWords.length > 0) {
        notices.push(
          `${preparation.stopWords.length > 1 ? "Mots trop courants, ignorés" : "Mot trop courant, ignoré"} : ${preparation.stopWords.map(quote).join(", ")}.`,
        );
      }
      let filters = query.filters;
      if (filters.author && !preparation.author) {
        notices.push(`${quote(`@${filters.author}`)} ignoré : aucun membre n'a cet identifiant.`);
        filters = { ...filters, author: null };
      }
      const effective: SearchQuery = { clauses: query.clauses, filters };
      const filtered = hasFilters(filters);
      let useText = preparation.searchable;
      if (hasText(query) && !preparation.searchable) {
        if (preparation.hasLexemes && filtered) {
          // Only exclusions, narrowed by filters: run them as a condition on the filtered posts.
          useText = true;
        } else if (!filtered) {
          notices.push(
            preparation.hasLexemes
              ? "Une recherche ne peut pas contenir que des exclusions : ajoutez au moins un mot à chercher."
              : "Votre recherche ne contient aucun mot assez précis : ajoutez un mot plus spécifique.",
          );
          return { ...base, q: formatSearchQuery(effective), shownFilters: formatFilters(filters), filters, state: "unsearchable" as const };
        }
      }
      const page = await searchPosts(trx, viewer, {
        query: effective,
        resolved: { topicIds: topics.ids, collectiviteIds: collectivites.ids, authorId: preparation.author?.id ?? null },
        useText,
        sort: request.sort,
        page: request.page,
      });
      const names = {
        topics: new Map(choices.topics.map((t) => [t.slug, t.name])),
        collectivites: new Map(choices.collectivites.map((c) => [c.slug, c.name])),
        author: preparation.author?.name ?? null,
      };
      const active = activeFilters(effective, names).map(({ without, ...rest }) => ({ ...rest, href: searchHref(without, { sort: request.sort }) }));
      let didYouMean: SearchPageData["didYouMean"] = null;
      let similarTitles: SearchPageData["similarTitles"] = [];
      if (page.total === 0 && request.page === 1 && useText && hasText(query)) {
        const corrections = await suggestCorrections(trx, viewer, effective);
        if (corrections.corrected) {
          const q = formatSearchQuery(corrections.corrected);
          didYouMean = { q, href: searchHref(corrections.corrected, { sort: request.sort }) };
        }
        similarTitles = corrections.titles;
      }
      return {
        ...base,
        state: "results" as const,
        q: formatSearchQuery(effective),
        shownFilters: formatFilters(filters),
        filters,
        hits: page.hits,
        total: page.total,
        capped: page.capped,
        pageCount: Math.min(MAX_PAGE, Math.ceil(page.total / RESULTS_PER_PAGE)),
        active,
        didYouMean,
        similarTitles,
        authorName: preparation.author?.name ?? null,
      };
    });
  } catch (error) {
    if (!isQueryCanceled(error)) throw error;
    notices.push("La recherche a pris trop de temps : précisez-la avec un mot de plus ou un filtre.");
    return { ...base, state: "timeout" };
  }
}
