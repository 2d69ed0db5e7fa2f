import type { Role, UserStatus } from "../../db/schema";

/**
 * The member list's filters as they appear in the URL (`/admin/membres?q=&role=&statut=&collectivite=`),
 * with French values so that the address reads well when pasted. Unknown values are ignored.
 */

export interface MemberFilter {
  /** Part of a display name (accent- and case-insensitive) or of an e-mail address. */
  q: string;
  role: Role | null;
  status: UserStatus | null;
  collectiviteId: number | null;
}

export const emptyMemberFilter: MemberFilter = { q: "", role: null, status: null, collectiviteId: null };

export const roleParams: Record<Role, string> = {
  observer: "observateur",
  delegate: "delegue",
  moderator: "moderateur",
  admin: "administrateur",
};

export const statusParams: Record<UserStatus, string> = {
  active: "actif",
  suspended: "suspendu",
};

export const statusLabels: Record<UserStatus, string> = {
  active: "Actif",
  suspended: "Suspendu",
};

function fromParam<T extends string>(map: Record<T, string>, value: string | null): T | null {
  if (!value) return null;
  const entry = (Object.entries(map) as [T, string][]).find(([, param]) => param === value);
  return entry ? entry[0] : null;
}

const MAX_QUERY_LENGTH = 100;

export function parseMemberFilter(params: URLSearchParams): MemberFilter {
  const collectivite = params.get("collectivite") ?? "";
  const collectiviteId = /^\d{1,9}$/.test(collectivite) ? Number(collectivite) : null;
  return {
    q: (params.get("q") ?? "").trim().slice(0, MAX_QUERY_LENGTH),
    role: fromParam(roleParams, params.get("role")),
    status: fromParam(statusParams, params.get("statut")),
    collectiviteId: collectiviteId && collectiviteId > 0 ? collectiviteId : null,
  };
}

export function isFiltered(filter: MemberFilter): boolean {
  return filter.q !== "" || filter.role !== null || filter.status !== null || filter.collectiviteId !== null;
}
