import { sql, type Kysely } from "kysely";

import type { Database, ThreadKind } from "../../db/schema";
import type { Viewer } from "../forum/viewer";
import { fold } from "./normalizers";
import { wordsOf, type SearchQuery } from "./query-parser";
import { positiveWords } from "./query-format";
import { canReadMembers } from "../forum/threads.server";

const CONFIG = sql`'french_unaccent'::regconfig`;

export const SUGGESTION_MIN_LENGTH = 2;
export const SUGGESTION_COUNT = 5;

export interface TitleSuggestion {
  id: number;
  slug: string;
  title: string;
  kind: ThreadKind;
}

/** The typed words, folded to [a-z0-9]: safe as tsquery lexemes with a prefix mark. */
function foldedPieces(input: string): string[] {
  return wordsOf(input)
    .flatMap((word) => fold(word).split(/[^a-z0-9]+/))
    .filter(Boolean)
    .slice(0, 6);
}

/** Search-as-you-type ranks at most this many of the most recently active matching titles. */
const SUGGESTION_CANDIDATES = 50;

/**
 * Search-as-you-type: the five thread titles that best fit what is typed so far. Each word
 * matches a title word by prefix (unstemmed, `title_words`) or by stem (`title_vector`), so
 * "généralisati" and "collèges" both find "Généralisation dans les collèges". Among the 50 most
 * recently active matches (an index scan in activity order stops there), titles that start with
 * the typed text come first.
 */
export async function suggestTitles(db: Kysely<Database>, viewer: Viewer | null, input: string): Promise<TitleSuggestion[]> {
  const text = input.slice(0, 100);
  if (text.trim().length < SUGGESTION_MIN_LENGTH) return [];
  const pieces = foldedPieces(text);
  if (pieces.length === 0) return [];
  const conditions = pieces.map(
    (piece) => sql`(t.title_words @@ to_tsquery('simple', ${`${piece}:*`}) or t.title_vector @@ plainto_tsquery(${CONFIG}, ${piece}))`,
  );
  conditions.push(sql`t.deleted_at is null`);
  if (!canReadMembers(viewer)) conditions.push(sql`t.visibility = 'public'`);
  conditions.push(sql`t.unlisted_at is null`);
  const start = `${pieces.join(" ")}%`;
  const { rows } = await sql<TitleSuggestion>`
    select id, slug, title, kind
    from (
      select t.id, t.slug, t.title, t.kind, t.last_activity_at
      from thread t
      where ${sql.join(conditions, sql` and `)}
      order by t.last_activity_at desc, t.id desc
      limit ${SUGGESTION_CANDIDATES}
    ) as candidates
    order by (regexp_replace(f_unaccent(lower(title)), '[^a-z0-9]+', ' ', 'g') like ${start}) desc, last_activity_at desc, id desc
    limit ${SUGGESTION_COUNT}
  `.execute(db);
  return rows;
}

export interface Corrections {
  /** The query with its unknown words replaced by close title words, if any was found. */
  corrected: SearchQuery | null;
  /** Threads whose titles hold the corrected words. */
  titles: { id: number; slug: string; title: string }[];
}

/**
 * "Vouliez-vous dire …": for each searched word that matches nothing this reader may see, the
 * closest word of the titles this reader may see (trigram similarity on the `title_word`
 * vocabulary, accent-insensitive), then up to three visible threads whose titles hold the
 * corrected words. Only called when a search found nothing.
 */
export async function suggestCorrections(db: Kysely<Database>, viewer: Viewer | null, query: SearchQuery): Promise<Corrections> {
  const words = positiveWords(query)
    .filter((word) => word.length >= 3 && !/^\d+$/.test(word))
    .slice(0, 6);
  if (words.length === 0) return { corrected: null, titles: [] };
  const member = canReadMembers(viewer);
  const visibleWord = member ? sql`true` : sql`tw.public_count > 0`;
  // One EXISTS per word, each with its word as a constant, so that each is planned for that word
  // (an index scan that stops at the first post for a common word, the GIN index for a rare one).
  const known = words.map(
    (word, index) =>
      sql`exists (select 1 from post p where p.search_vector @@ plainto_tsquery(${CONFIG}, ${word}) and p.deleted_at is null ${
        member ? sql`` : sql`and p.public_thread`
      }) as ${sql.ref(`known${index}`)}`,
  );
  const { rows: found } = await sql<Record<string, boolean>>`select ${sql.join(known)}`.execute(db);
  const unknown = words.filter((_, index) => !found[0]?.[`known${index}`]);
  if (unknown.length === 0) return { corrected: null, titles: [] };
  // The closest vocabulary word (folded), then the same word as a visible title writes it
  // ("colleges" → "collèges").
  const visibleTitle = member ? sql`` : sql`and t.visibility = 'public'`;
  const { rows } = await sql<{ word: string; suggestion: string | null }>`
    select input.word, coalesce((
      select original from thread t, regexp_split_to_table(t.title, '[[:space:][:punct:]«»’]+') as original
      where t.title_words @@ to_tsquery('simple', quote_literal(best.word)) ${visibleTitle} and f_unaccent(lower(original)) = best.word
      limit 1
    ), best.word) as suggestion
    from unnest(${unknown}::text[]) with ordinality as input(word, n)
    left join lateral (
      select tw.word from title_word tw
      where tw.word % f_unaccent(lower(input.word)) and tw.word <> f_unaccent(lower(input.word)) and ${visibleWord}
      order by similarity(tw.word, f_unaccent(lower(input.word))) desc, tw.thread_count desc, tw.word
      limit 1
    ) as best on true
    order by input.n
  `.execute(db);
  // "Accessibilité" opened a title: written "accessibilité" in a query (acronyms keep their case).
  const written = (word: string) => (/^\p{Lu}\p{Ll}+$/u.test(word) ? word.toLowerCase() : word);
  const replacements = new Map(rows.filter((r) => r.suggestion).map((r) => [r.word, written(r.suggestion!)]));
  if (replacements.size === 0) return { corrected: null, titles: [] };
  const corrected: SearchQuery = {
    filters: query.filters,
    clauses: query.clauses.map((clause) => ({
      any: clause.any.map((term) => ({
        ...term,
        text: term.text
          .split(" ")
          .map((word) => replacements.get(word) ?? word)
          .join(" "),
      })),
    })),
  };
  const correctedWords = words.map((word) => replacements.get(word) ?? word);
  const titleQuery = sql.join(
    correctedWords.map((word) => sql`plainto_tsquery(${CONFIG}, ${word})`),
    sql` || `,
  );
  const { rows: titles } = await sql<{ id: number; slug: string; title: string }>`
    select t.id, t.slug, t.title
    from thread t
    where t.title_vector @@ (${titleQuery}) and t.deleted_at is null ${member ? sql`` : sql`and t.visibility = 'public'`}
    order by ts_rank(t.title_vector, (${titleQuery})) desc, t.last_activity_at desc, t.id desc
    limit 3
  `.execute(db);
  return { corrected, titles };
}
