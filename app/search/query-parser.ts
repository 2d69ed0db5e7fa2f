import type { ThreadKind } from "../../db/schema";
import { formatFilters } from "./query-format";
import { fold } from "./normalizers";
import { applyFilter, filterOf, quote } from "./query-filters";
import type { SearchStatus } from "./statuses";

/**
 * The search query language, parsed without the database (client-safe, pure):
 *
 *   collège numérique      words, all required (stemmed and accent-insensitive by PostgreSQL)
 *   "socle technique"      an exact phrase (also « … » and “ … ”)
 *   -financement           a word or -"a phrase" that must not appear
 *   collège OR lycée       either word (OR binds the two terms around it; "OU" too)
 *   #formation             thématique (slug)             collectivite:ile-de-france
 *   @alex-delegue-3        member (handle)               type:retour|question|discussion|gouvernance
 *   statut:adoptee         governance status of a proposal (gouvernance threads only)
 *   apres:2024-01-31       from that day (AAAA-MM-JJ, AAAA-MM or AAAA)   avant:2025-01-01  before that day
 *   dans:titre             search thread titles only
 *
 * Nothing here ever reaches SQL as text: the server turns each word and phrase into a bound
 * parameter of plainto_tsquery / phraseto_tsquery. Whatever the parser cannot use is dropped and
 * described in `notices` (French, for the page).
 */

export const MAX_QUERY_LENGTH = 300;
export const MAX_TERMS = 12;
export { MAX_TAG_FILTERS } from "./query-filters";

export interface TextTerm {
  type: "word" | "phrase";
  /** The word or the phrase's words, as typed (case kept), stripped of syntax characters. */
  text: string;
  negated: boolean;
}

/** Terms joined by OR; a plain term is a clause of one. Clauses are ANDed. */
export interface Clause {
  any: TextTerm[];
}


export interface SearchFilters {
  topics: string[];
  collectivites: string[];
  author: string | null;
  kind: ThreadKind | null;
  /** A proposal's status (gouvernance threads with it), or `resolu` / `ouvert` (questions with or without an accepted answer). */
  status: SearchStatus | null;
  /** "YYYY-MM-DD": messages written from that day (inclusive). */
  after: string | null;
  /** "YYYY-MM-DD": messages written before that day (exclusive). */
  before: string | null;
  titleOnly: boolean;
}

export interface SearchQuery {
  clauses: Clause[];
  filters: SearchFilters;
}

export interface ParsedQuery extends SearchQuery {
  /** What was ignored or changed, in French, for the page. */
  notices: string[];
}


export function emptyFilters(): SearchFilters {
  return { topics: [], collectivites: [], author: null, kind: null, status: null, after: null, before: null, titleOnly: false };
}

// ---------------------------------------------------------------------------------------------
// Tokenizer.

const OPENING_QUOTES = new Set(['"', "«", "“", "„", "”"]);
const CLOSING_FOR: Record<string, string[]> = {
  '"': ['"', "”", "»"],
  "«": ["»", '"'],
  "“": ["”", '"', "“"],
  "„": ["“", "”", '"'],
  "”": ["”", '"'],
};

/** Characters of tsquery or SQL syntax that the page mentions when it drops them. */
const SYNTAX_CHARACTERS = /['\\:*&|!()<>{}[\]~^`]/g;

/** Letters and digits; an apostrophe or a hyphen only between two of them ("l'ENT", "Seine-et-Marne"). */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

export interface RawToken {
  kind: "bare" | "phrase";
  text: string;
  negated: boolean;
  start: number;
  end: number;
}

/** Splits the query into bare tokens and quoted phrases, with their spans in the input. */
export function tokenize(input: string): { tokens: RawToken[]; unbalanced: string | null } {
  const tokens: RawToken[] = [];
  let unbalanced: string | null = null;
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    const negated = ch === "-" && i + 1 < input.length && OPENING_QUOTES.has(input[i + 1]!);
    const quoteAt = negated ? i + 1 : i;
    const quote = input[quoteAt]!;
    if (OPENING_QUOTES.has(quote)) {
      const closers = CLOSING_FOR[quote]!;
      let close = -1;
      for (let j = quoteAt + 1; j < input.length; j++) {
        if (closers.includes(input[j]!)) {
          close = j;
          break;
        }
      }
      if (close === -1) {
        // No closing quote: the rest is read as separate words.
        unbalanced = input.slice(quoteAt + 1).trim();
        i = quoteAt + 1;
        continue;
      }
      tokens.push({ kind: "phrase", text: input.slice(quoteAt + 1, close), negated, start, end: close + 1 });
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < input.length && !/\s/u.test(input[j]!) && !(j > i && OPENING_QUOTES.has(input[j]!))) j++;
    tokens.push({ kind: "bare", text: input.slice(i, j), negated: false, start, end: j });
    i = j;
  }
  return { tokens, unbalanced };
}

/** The words of a piece of text, without syntax characters. */
export function wordsOf(text: string): string[] {
  return text.normalize("NFC").match(WORD) ?? [];
}

function listFr(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} et ${items.at(-1)}`;
}

/** Parses a query typed in the search box. Never throws; what it drops is said in `notices`. */
export function parseSearchQuery(rawInput: string): ParsedQuery {
  const notices: string[] = [];
  let input = rawInput.normalize("NFC").replace(/\p{Cc}/gu, " ");
  if (input.length > MAX_QUERY_LENGTH) {
    input = input.slice(0, MAX_QUERY_LENGTH);
    // Not in the middle of a word.
    const space = input.search(/\s\S*$/u);
    if (space > MAX_QUERY_LENGTH - 60) input = input.slice(0, space);
    notices.push(`Votre recherche a été raccourcie à ses ${MAX_QUERY_LENGTH} premiers caractères.`);
  }
  const { tokens, unbalanced } = tokenize(input);
  if (unbalanced !== null) notices.push(`Guillemet non fermé : ${quote(unbalanced || "…")} est cherché comme des mots séparés.`);

  const filters = emptyFilters();
  const items: (TextTerm | "OR")[] = [];
  const droppedCharacters = new Set<string>();
  const ignored: string[] = [];

  const addWords = (text: string, negated: boolean) => {
    for (const ch of text.match(SYNTAX_CHARACTERS) ?? []) {
      // An apostrophe inside a word is part of it ("l'ENT").
      if ((ch === "'" || ch === "’") && /[\p{L}\p{N}]['’][\p{L}\p{N}]/u.test(text)) continue;
      droppedCharacters.add(ch);
    }
    const words = wordsOf(text);
    words.forEach((word, index) => items.push({ type: "word", text: word, negated: negated && index === 0 }));
    // "-a&b" excludes "a" only: say so rather than guess.
    if (negated && words.length > 1) droppedCharacters.add("-");
  };

  for (const token of tokens) {
    if (token.kind === "phrase") {
      const words = wordsOf(token.text);
      if (words.length === 0) {
        if (token.text.trim()) ignored.push(quote(`"${token.text.trim()}"`));
        continue;
      }
      for (const ch of token.text.match(SYNTAX_CHARACTERS) ?? []) if (ch !== "'" && ch !== "’") droppedCharacters.add(ch);
      items.push(words.length === 1 ? { type: "word", text: words[0]!, negated: token.negated } : { type: "phrase", text: words.join(" "), negated: token.negated });
      continue;
    }
    const text = token.text;
    if (text === "OR" || text === "OU" || text === "||") {
      items.push("OR");
      continue;
    }
    const filter = filterOf(text);
    if (filter && filter.name === null && !/[\p{L}\p{N}]/u.test(filter.value)) {
      // "remarque:" or "mot:*": not a filter, a word followed by punctuation or syntax.
      items.push(...wordsOf(filter.label).map((word): TextTerm => ({ type: "word", text: word, negated: false })));
      if (filter.value) addWords(`:${filter.value}`, false);
      continue;
    }
    if (filter) {
      applyFilter(filter, filters, notices, ignored);
      continue;
    }
    if (text.startsWith("-") && text.length > 1) {
      addWords(text.slice(1), true);
      continue;
    }
    addWords(text, false);
  }

  const clauses = groupClauses(items, notices);
  let total = 0;
  const kept: Clause[] = [];
  for (const clause of clauses) {
    if (total + clause.any.length > MAX_TERMS) {
      notices.push(`Seuls les ${MAX_TERMS} premiers mots ou expressions sont cherchés.`);
      break;
    }
    total += clause.any.length;
    kept.push(clause);
  }
  if (droppedCharacters.size > 0) {
    notices.push(`Caractères ignorés : ${[...droppedCharacters].map((c) => quote(c)).join(" ")}.`);
  }
  if (ignored.length > 0) notices.push(`Ignoré : ${listFr(ignored)}.`);
  if (filters.after && filters.before && filters.after >= filters.before) {
    notices.push(`La date « après » (${filters.after}) n'est pas antérieure à la date « avant » (${filters.before}) : aucun message ne peut correspondre.`);
  }
  return { clauses: kept, filters, notices: [...new Set(notices)] };
}


function groupClauses(items: (TextTerm | "OR")[], notices: string[]): Clause[] {
  const clauses: Clause[] = [];
  let pendingOr = false;
  let strayOr = false;
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    if (item === "OR") {
      const next = items[index + 1];
      if (clauses.length === 0 || pendingOr || next === undefined || next === "OR") strayOr = true;
      else pendingOr = true;
      continue;
    }
    if (pendingOr) {
      clauses.at(-1)!.any.push(item);
      pendingOr = false;
    } else {
      clauses.push({ any: [item] });
    }
  }
  if (strayOr) notices.push("« OR » ignoré là où il ne relie pas deux mots ou expressions.");
  // Two equal terms say nothing more than one.
  const seen = new Set<string>();
  return clauses.filter((clause) => {
    const key = clause.any.map(termKey).sort().join("|");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function termKey(term: TextTerm): string {
  return `${term.negated ? "-" : ""}${term.type}:${fold(term.text)}`;
}

/**
 * The same text with its filter tokens replaced by `filters` (in canonical form at the end): words,
 * phrases and anything else stay exactly as typed. The form uses it when a control changes.
 */
export function withFilters(text: string, filters: SearchFilters): string {
  const { tokens } = tokenize(text.slice(0, MAX_QUERY_LENGTH * 2));
  const kept = tokens
    .filter((token) => token.kind === "phrase" || !(filterOf(token.text)?.name ?? null))
    .map((token) => text.slice(token.start, token.end));
  return [...kept, formatFilters(filters)].filter(Boolean).join(" ");
}
