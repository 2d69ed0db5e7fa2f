import { threadKinds } from "../forum/kinds";
import { fold, normalizeDate, normalizeHandle, normalizeKind, normalizeSlug, normalizeStatus } from "./normalizers";
import type { SearchFilters } from "./query-parser";
import { searchStatuses } from "./statuses";

/** The filters of the search query language (`#x`, `@x`, `name:value`): recognized, normalized, checked. */

export const MAX_TAG_FILTERS = 4;

export type FilterName = "topic" | "collectivite" | "author" | "kind" | "status" | "after" | "before" | "within";

const filterNames: Record<string, FilterName> = {
  thematique: "topic",
  theme: "topic",
  collectivite: "collectivite",
  auteur: "author",
  membre: "author",
  type: "kind",
  statut: "status",
  apres: "after",
  depuis: "after",
  avant: "before",
  dans: "within",
};

/** The token as a filter (`#x`, `@x`, `name:value`), or null when it is text. */
export function filterOf(text: string): { name: FilterName | null; label: string; value: string } | null {
  if (text.startsWith("#")) return { name: "topic", label: "#", value: text.slice(1) };
  if (text.startsWith("@")) return { name: "author", label: "@", value: text.slice(1) };
  const match = /^([\p{L}]{2,20}):(.*)$/u.exec(text);
  if (!match || match[2]!.startsWith("//")) return null;
  const label = match[1]!;
  return { name: filterNames[fold(label)] ?? null, label: `${label}:`, value: match[2]! };
}

export const quote = (text: string) => `« ${text} »`;

export function applyFilter(
  filter: { name: FilterName | null; label: string; value: string },
  filters: SearchFilters,
  notices: string[],
  ignored: string[],
): void {
  const { name, label, value } = filter;
  const token = `${label}${value}`;
  if (name === null) {
    ignored.push(`${quote(token)} (filtre inconnu ; filtres possibles : #thématique, collectivite:, @membre, type:, statut:, apres:, avant:, dans:titre)`);
    return;
  }
  if (!value.trim()) {
    ignored.push(`${quote(token)} (filtre sans valeur)`);
    return;
  }
  switch (name) {
    case "topic":
    case "collectivite": {
      const slug = normalizeSlug(value);
      const list = name === "topic" ? filters.topics : filters.collectivites;
      if (!slug) ignored.push(`${quote(token)} (valeur illisible)`);
      else if (list.includes(slug)) return;
      else if (list.length >= MAX_TAG_FILTERS) ignored.push(`${quote(token)} (au plus ${MAX_TAG_FILTERS} filtres de ce genre)`);
      else list.push(slug);
      return;
    }
    case "author": {
      const handle = normalizeHandle(value);
      if (!handle) ignored.push(`${quote(token)} (identifiant de membre illisible)`);
      else if (filters.author && filters.author !== handle) ignored.push(`${quote(token)} (un seul membre à la fois)`);
      else filters.author = handle;
      return;
    }
    case "kind": {
      const kind = normalizeKind(value);
      if (!kind) ignored.push(`${quote(token)} (types possibles : ${threadKinds.map((k) => `type:${k}`).join(", ")})`);
      else if (filters.kind && filters.kind !== kind) ignored.push(`${quote(token)} (un seul type à la fois)`);
      else filters.kind = kind;
      return;
    }
    case "status": {
      const status = normalizeStatus(value);
      if (!status) ignored.push(`${quote(token)} (statuts possibles : ${searchStatuses.join(", ")})`);
      else if (filters.status && filters.status !== status) ignored.push(`${quote(token)} (un seul statut à la fois)`);
      else filters.status = status;
      return;
    }
    case "after":
    case "before": {
      const date = normalizeDate(value);
      if (!date) ignored.push(`${quote(token)} (date invalide : écrivez AAAA-MM-JJ, par exemple ${label}2024-09-01)`);
      else if (name === "after") filters.after = date;
      else filters.before = date;
      return;
    }
    case "within": {
      if (["titre", "titres", "title"].includes(fold(value))) filters.titleOnly = true;
      else ignored.push(`${quote(token)} (seul « dans:titre » existe)`);
      return;
    }
  }
}
