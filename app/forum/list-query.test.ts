import { describe, expect, it } from "vitest";

import { listSearch, parseListQuery, requireListQuery, sortError } from "./list-query";

describe("thread list query", () => {
  it("reads the filters and drops malformed ones", () => {
    expect(parseListQuery(new URLSearchParams("type=retour&collectivite=ile-de-france&thematique=formation&apres=abc"))).toEqual({
      kind: "retour",
      collectivite: "ile-de-france",
      topic: "formation",
      sort: "activite",
      cursor: "abc",
    });
    expect(parseListQuery(new URLSearchParams("type=poeme&collectivite=../x&thematique=A B"))).toEqual({
      kind: null,
      collectivite: null,
      topic: null,
      sort: "activite",
      cursor: null,
    });
  });

  it("writes back only what is set", () => {
    expect(listSearch({ kind: "question", cursor: "c1" })).toBe("?type=question&apres=c1");
    expect(listSearch({})).toBe("");
    expect(listSearch({ sort: "utiles" })).toBe("?tri=utiles");
    expect(listSearch({ sort: "activite" })).toBe("");
  });

  it("reads a known sort and refuses an unknown one with a 400", () => {
    expect(parseListQuery(new URLSearchParams("tri=sans-reponse")).sort).toBe("sans-reponse");
    expect(sortError(new URLSearchParams("tri=reponses"))).toBeNull();
    expect(sortError(new URLSearchParams("tri="))).toBeNull();
    expect(sortError(new URLSearchParams("tri=popularite"))).toMatch(/Tri inconnu/);
    let status = 0;
    try {
      requireListQuery(new URLSearchParams("tri=%00"));
    } catch (error) {
      status = (error as Response).status;
    }
    expect(status).toBe(400);
  });
});
