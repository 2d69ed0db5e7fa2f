import { describe, expect, it } from "vitest";

import { directorySearch, parseDirectoryQuery, sortLink } from "./directory-query";

describe("directory query", () => {
  it("reads sort, order and filters from the URL", () => {
    const query = parseDirectoryQuery(new URLSearchParams("tri=lancement&ordre=desc&type=region&phase=pilote"));
    expect(query).toEqual({ sort: "lancement", order: "desc", kind: "region", phase: "pilote" });
  });

  it("ignores unknown values instead of failing", () => {
    const query = parseDirectoryQuery(new URLSearchParams("tri=drop+table&ordre=up&type=pays&phase=x"));
    expect(query).toEqual({ sort: "nom", order: "asc", kind: null, phase: null });
  });

  it("writes only what differs from the defaults", () => {
    expect(directorySearch(parseDirectoryQuery(new URLSearchParams()))).toBe("");
    expect(directorySearch({ sort: "nom", order: "asc", kind: "commune", phase: null })).toBe("?type=commune");
  });

  it("flips the order when the sorted column is chosen again, keeping filters", () => {
    const query = parseDirectoryQuery(new URLSearchParams("type=region"));
    expect(sortLink(query, "nom")).toBe("?ordre=desc&type=region");
    expect(sortLink(query, "ent")).toBe("?tri=ent&type=region");
    expect(sortLink({ ...query, sort: "ent", order: "desc" }, "ent")).toBe("?tri=ent&type=region");
  });
});
