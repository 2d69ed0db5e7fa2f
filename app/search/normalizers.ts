import type { ThreadKind } from "../../db/schema";
import { isThreadKind } from "../forum/kinds";
import { governanceStatuses, type GovernanceStatus } from "../governance/statuses";
import { searchStatuses, type SearchStatus } from "./statuses";

export { governanceStatuses, type GovernanceStatus };

/**
 * Normalizers of filter values, shared by the query parser and the form controls
 * (search-params.ts): whatever they cannot read becomes null or "".
 */

/** Lower case, no accents. */
export function fold(value: string): string {
  return value.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** "Île-de-France" → "ile-de-france"; "" when nothing usable is left. */
export function normalizeSlug(value: string): string {
  return fold(value)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

const handlePattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function normalizeHandle(value: string): string | null {
  const handle = fold(value.replace(/^@/, "")).trim();
  return handle.length > 0 && handle.length <= 80 && handlePattern.test(handle) ? handle : null;
}

const kindAliases: Record<string, ThreadKind> = {
  retours: "retour",
  "retour-d-experience": "retour",
  "retours-d-experience": "retour",
  rex: "retour",
  questions: "question",
  discussions: "discussion",
  propositions: "gouvernance",
};

export function normalizeKind(value: string): ThreadKind | null {
  const slug = normalizeSlug(value);
  if (isThreadKind(slug)) return slug;
  return kindAliases[slug] ?? null;
}

const statusAliases: Record<string, SearchStatus> = {
  resolue: "resolu",
  resolus: "resolu",
  resolues: "resolu",
  ouverte: "ouvert",
  ouverts: "ouvert",
  ouvertes: "ouvert",
  "non-resolu": "ouvert",
  adopte: "adoptee",
  adoptees: "adoptee",
  rejete: "rejetee",
  rejetees: "rejetee",
  retire: "retiree",
  retirees: "retiree",
  "en-discussion": "discussion",
  propositions: "proposition",
};

/** A proposal's status or a question's (`resolu`, `ouvert`): the values of `statut:`. */
export function normalizeStatus(value: string): SearchStatus | null {
  const slug = normalizeSlug(value);
  if ((searchStatuses as readonly string[]).includes(slug)) return slug as SearchStatus;
  return statusAliases[slug] ?? null;
}

function isValidDay(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * "2024-03-15", "2024-03" (→ the 1st), "2024" (→ 1 January) or "15/03/2024" → "YYYY-MM-DD";
 * null for anything else, including dates that do not exist (2024-02-30).
 */
export function normalizeDate(value: string): string | null {
  const text = value.trim();
  let match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text);
  let year: number, month: number, day: number;
  if (match) {
    year = Number(match[1]);
    month = match[2] ? Number(match[2]) : 1;
    day = match[3] ? Number(match[3]) : 1;
  } else {
    match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (!match) return null;
    day = Number(match[1]);
    month = Number(match[2]);
    year = Number(match[3]);
  }
  return isValidDay(year, month, day) ? `${pad(year, 4)}-${pad(month)}-${pad(day)}` : null;
}
