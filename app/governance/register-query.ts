import { isGovernanceStatus, type GovernanceStatus } from "./statuses";

/** The filters of /gouvernance, read from the query string. Client-safe. */
export interface RegisterFilters {
  status: GovernanceStatus | null;
  topic: string | null;
  year: number | null;
}

export function parseRegisterQuery(params: URLSearchParams): RegisterFilters {
  const status = params.get("statut") ?? "";
  const topic = params.get("thematique") ?? "";
  const year = params.get("annee") ?? "";
  return {
    status: isGovernanceStatus(status) ? status : null,
    topic: /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(topic) && topic.length <= 200 ? topic : null,
    year: /^\d{4}$/.test(year) && Number(year) >= 1900 && Number(year) <= 2200 ? Number(year) : null,
  };
}

export function registerSearch(filters: RegisterFilters): string {
  const params = new URLSearchParams();
  if (filters.status) params.set("statut", filters.status);
  if (filters.topic) params.set("thematique", filters.topic);
  if (filters.year) params.set("annee", String(filters.year));
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** A CSV cell: quoted, and a leading = + - @ (or tab, carriage return) neutralized against formula injection. */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: (string | number | null)[]): string {
  return cells.map(csvCell).join(",");
}
