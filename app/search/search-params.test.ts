import { describe, expect, it } from "vitest";

import { formatSearchQuery } from "./query-format";
import { activeFilters, MAX_PAGE, readSearchRequest, searchHref } from "./search-params";

const read = (params: Record<string, string | string[]>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) search.append(key, v);
  return readSearchRequest(search);
};
const queryOf = (params: Record<string, string | string[]>) => formatSearchQuery(read(params).query);

describe("readSearchRequest", () => {
  it("reads the query alone (header search, shared links)", () => {
    const request = read({ q: "collège #formation" });
    expect(formatSearchQuery(request.query)).toBe("collège #formation");
    expect(request).toMatchObject({ sort: "pertinence", page: 1, submitted: true });
    expect(read({}).submitted).toBe(false);
  });

  it("applies a control the reader changed, over the box", () => {
    // The page showed type:question; the reader chose "retour" in the select.
    expect(queryOf({ q: "collège type:question", filtres: "type:question", type: "retour" })).toBe("collège type:retour");
    // …or "Tous les types".
    expect(queryOf({ q: "collège type:question", filtres: "type:question", type: "" })).toBe("collège");
  });

  it("keeps what the reader typed in the box when the control did not change", () => {
    expect(queryOf({ q: "collège type:retour", filtres: "type:question", type: "question" })).toBe("collège type:retour");
    expect(queryOf({ q: "collège", filtres: "type:question", type: "question" })).toBe("collège");
  });

  it("replaces only the first thématique or collectivité, the one the select shows", () => {
    const base = { q: "x #formation #deploiement", filtres: "#formation #deploiement" };
    expect(queryOf({ ...base, thematique: "gouvernance" })).toBe("x #gouvernance #deploiement");
    expect(queryOf({ ...base, thematique: "" })).toBe("x #deploiement");
    expect(queryOf({ ...base, thematique: "formation" })).toBe("x #formation #deploiement");
    expect(queryOf({ q: "x", collectivite: "ile-de-france" })).toBe("x collectivite:ile-de-france");
  });

  it("merges member, dates and dans:titre (checkbox with a hidden default)", () => {
    expect(queryOf({ q: "x", filtres: "", membre: "@Alex-3", apres: "2024-09-01", avant: "", dans: ["", "titre"] })).toBe(
      "x @alex-3 apres:2024-09-01 dans:titre",
    );
    expect(queryOf({ q: "x dans:titre", filtres: "dans:titre", dans: "" })).toBe("x");
    expect(queryOf({ q: "x dans:titre", filtres: "dans:titre", dans: ["", "titre"] })).toBe("x dans:titre");
  });

  it("ignores bad control values and says so", () => {
    const request = read({ q: "x", type: "sondage", apres: "demain", membre: "Jean Dupont!" });
    expect(formatSearchQuery(request.query)).toBe("x");
    const notices = request.query.notices.join("\n");
    expect(notices).toContain("« sondage » n'est pas un type de fil");
    expect(notices).toContain("« demain » n'est pas une date");
    expect(notices).toContain("« Jean Dupont! » n'est pas un identifiant de membre");
  });

  it("reads sort and page, bounded", () => {
    expect(read({ q: "x", tri: "date", page: "3" })).toMatchObject({ sort: "date", page: 3 });
    expect(read({ q: "x", tri: "n'importe", page: "-2" })).toMatchObject({ sort: "pertinence", page: 1 });
    expect(read({ q: "x", page: "abc" }).page).toBe(1);
    expect(read({ q: "x", page: "1e9" }).page).toBe(MAX_PAGE);
  });
});

describe("links", () => {
  it("searchHref puts everything in q", () => {
    expect(searchHref("collège #formation", { sort: "date", page: 2 })).toBe("/recherche?q=coll%C3%A8ge+%23formation&tri=date&page=2");
    expect(searchHref("x", { page: 1 })).toBe("/recherche?q=x");
  });

  it("activeFilters gives a query without each filter", () => {
    const request = read({ q: "collège #formation type:retour apres:2024-09-01" });
    const filters = activeFilters(request.query, { topics: new Map([["formation", "Formation"]]) });
    expect(filters.map((f) => [f.token, f.label, formatSearchQuery(f.without)])).toEqual([
      ["#formation", "thématique Formation", "collège type:retour apres:2024-09-01"],
      ["type:retour", "type Retour d'expérience", "collège #formation apres:2024-09-01"],
      ["apres:2024-09-01", "à partir du 1 septembre 2024", "collège #formation type:retour"],
    ]);
  });
});
