import { sql, type Kysely, type RawBuilder } from "kysely";

import type { Database } from "../../db/schema";
import { type Clause } from "./query-parser";
import { CONFIG, tsqueryOf } from "./search-plans.server";

/** Excerpts of search results: ts_headline on the posts of one page only (docs/search.md). */

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
export async function loadExcerpts(
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
