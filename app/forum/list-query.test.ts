import { describe, expect, it } from "vitest";

import { listSearch, parseListQuery } from "./list-query";

describe("thread list query", () => {
  it("reads the filters and drops malformed ones", () => {
    expect(parseListQuery(new URLSearchParams("type=retour&collectivite=ile-de-france&thematique=formation&apres=abc"))).toEqual({
      kind: "retour",
      collectivite: "ile-de-france",
      topic: "formation",
      cursor: "abc",
    });
    expect(parseListQuery(new URLSearchParams("type=poeme&collectivite=../x&thematique=A B"))).toEqual({
      kind: null,
      collectivite: null,
      topic: null,
      cursor: null,
    });
  });

  it("writes back only what is set", () => {
    expect(listSearch({ kind: "question", cursor: "c1" })).toBe("?type=question&apres=c1");
    expect(listSearch({})).toBe("");
  });
});
