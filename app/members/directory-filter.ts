import type { Role } from "../../db/schema";
import { roleParams } from "./member-filter";

/**
 * The member directory's filters as they appear in the URL (`/membres?q=&role=&collectivite=&page=`),
 * with the same French role values as the administrators' list. Unknown filter values are ignored;
 * a page that is not a number in range is refused (the route answers 400).
 */

export interface DirectoryFilter {
  /** Part of a display name, accent- and case-insensitive. */
  q: string;
  role: Role | null;
  collectiviteId: number | null;
  page: number;
}

export const MAX_DIRECTORY_PAGE = 500;
const MAX_QUERY_LENGTH = 100;

export function parseDirectoryFilter(params: URLSearchParams): DirectoryFilter | null {
  const pageParam = params.get("page");
  const page = pageParam === null || pageParam === "" ? 1 : /^\d{1,4}$/.test(pageParam) ? Number(pageParam) : NaN;
  if (!Number.isInteger(page) || page < 1 || page > MAX_DIRECTORY_PAGE) return null;
  const collectivite = params.get("collectivite") ?? "";
  const collectiviteId = /^\d{1,9}$/.test(collectivite) && Number(collectivite) > 0 ? Number(collectivite) : null;
  const roleParam = params.get("role");
  const role = (Object.entries(roleParams) as [Role, string][]).find(([, value]) => value === roleParam)?.[0] ?? null;
  return { // A NUL byte cannot reach PostgreSQL; no name contains one anyway.
  q: (params.get("q") ?? "").replaceAll("\0", "").trim().slice(0, MAX_QUERY_LENGTH), role, collectiviteId, page };
}

/** The query string of a filter, for pagination links (page 1 is left out). */
export function directorySearch(filter: DirectoryFilter, page: number): string {
  const params = new URLSearchParams();
  if (filter.q) params.set("q", filter.q);
  if (filter.role) params.set("role", roleParams[filter.role]);
  if (filter.collectiviteId) params.set("collectivite", String(filter.collectiviteId));
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `?${search}` : "";
}
