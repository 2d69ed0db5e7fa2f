import { describe, expect, it } from "vitest";

import { emptyMemberFilter, isFiltered, parseMemberFilter } from "./member-filter";

describe("parseMemberFilter", () => {
  it("reads the French URL values", () => {
    const filter = parseMemberFilter(new URLSearchParams("q=  Dupont &role=delegue&statut=suspendu&collectivite=3"));
    expect(filter).toEqual({ q: "Dupont", role: "delegate", status: "suspended", collectiviteId: 3 });
    expect(isFiltered(filter)).toBe(true);
  });

  it("ignores unknown or malformed values", () => {
    const filter = parseMemberFilter(new URLSearchParams("role=admin&statut=active&collectivite=abc"));
    expect(filter).toEqual(emptyMemberFilter);
    expect(isFiltered(filter)).toBe(false);
    expect(parseMemberFilter(new URLSearchParams("collectivite=0")).collectiviteId).toBeNull();
    expect(parseMemberFilter(new URLSearchParams("collectivite=99999999999")).collectiviteId).toBeNull();
  });

  it("caps the search text", () => {
    expect(parseMemberFilter(new URLSearchParams({ q: "x".repeat(500) })).q).toHaveLength(100);
  });
});
