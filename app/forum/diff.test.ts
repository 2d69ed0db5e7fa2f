import { describe, expect, it } from "vitest";

import { wordDiff } from "./diff";

describe("wordDiff", () => {
  it("marks the words that changed and keeps the rest", () => {
    const segments = wordDiff("Le pilote concerne 12 collèges.", "Le pilote concerne 15 collèges et 3 lycées.");
    expect(segments.filter((s) => s.kind === "removed").map((s) => s.text.trim())).toContain("12");
    expect(segments.filter((s) => s.kind === "added").map((s) => s.text).join("")).toContain("15");
    expect(segments.filter((s) => s.kind === "added").map((s) => s.text).join("")).toContain("lycées");
    expect(segments.filter((s) => s.kind !== "added").map((s) => s.text).join("")).toBe("Le pilote concerne 12 collèges.");
    expect(segments.filter((s) => s.kind !== "removed").map((s) => s.text).join("")).toBe("Le pilote concerne 15 collèges et 3 lycées.");
  });

  it("reports identical texts as one unchanged segment", () => {
    expect(wordDiff("même texte", "même texte")).toEqual([{ kind: "same", text: "même texte" }]);
  });
});
