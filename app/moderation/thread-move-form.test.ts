import { describe, expect, it } from "vitest";

import { MOVE_MAX_POSTS, parseMergeForm, parseMoveForm, parseThreadReference } from "./thread-move-form";

describe("parseThreadReference", () => {
  it("reads a number, a reference, a path or a thread page's address", () => {
    expect(parseThreadReference("123")).toBe(123);
    expect(parseThreadReference(" 123-budget-2027 ")).toBe(123);
    expect(parseThreadReference("/fils/45-budget")).toBe(45);
    expect(parseThreadReference("https://echanges.example.org/fils/45-budget?page=2#message-9")).toBe(45);
    expect(parseThreadReference("http://localhost:3000/fils/7/etiquettes")).toBe(7);
  });

  it("refuses anything else, hostile values included", () => {
    for (const value of ["", "abc", "-1", "0", "1e9", "99999999999", "12\u0000", "/messages/12", "https://x.org/thematiques/12", "x".repeat(3000), "<script>1</script>"]) {
      expect(parseThreadReference(value), value).toBeNull();
    }
  });
});

describe("parseMoveForm", () => {
  it("needs posts, a known mode and a target or a valid title", () => {
    expect(parseMoveForm({ mode: "nouveau", target: "", title: "Un titre assez long", postIds: ["4", "4", "5"] })).toEqual({
      ok: true,
      request: { postIds: [4, 5], target: { kind: "new", title: "Un titre assez long" } },
    });
    expect(parseMoveForm({ mode: "existant", target: "/fils/9-x", title: "", postIds: ["4"] })).toEqual({ ok: true, request: { postIds: [4], target: { kind: "existing", threadId: 9 } } });
    const bad = parseMoveForm({ mode: "ailleurs", target: "", title: "", postIds: [] });
    expect(bad.ok === false && Object.keys(bad.errors).sort()).toEqual(["mode", "postIds"]);
    const tooMany = parseMoveForm({ mode: "existant", target: "9", title: "", postIds: Array.from({ length: MOVE_MAX_POSTS + 1 }, (_, i) => String(i + 1)) });
    expect(tooMany.ok === false && tooMany.errors.postIds).toMatch(/au plus/);
    const shortTitle = parseMoveForm({ mode: "nouveau", target: "", title: "Court", postIds: ["4"] });
    expect(shortTitle.ok === false && shortTitle.errors.title).toMatch(/au moins/);
  });

  it("merge: the target must be a thread reference", () => {
    expect(parseMergeForm("https://x.org/fils/3-a")).toEqual({ ok: true, threadId: 3 });
    expect(parseMergeForm("")).toMatchObject({ ok: false, errors: { target: "Indiquez le fil dans lequel fusionner celui-ci." } });
  });
});
