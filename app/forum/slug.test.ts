import { describe, expect, it } from "vitest";

import { parseThreadRef, slugify, threadPath } from "./slug";

describe("thread URLs", () => {
  it("make readable slugs from French titles", () => {
    expect(slugify("Généralisation de l'ENT : bilan 2024 !")).toBe("generalisation-de-l-ent-bilan-2024");
    expect(slugify("???")).toBe("fil");
    expect(slugify("a".repeat(200))).toHaveLength(80);
  });

  it("carry the id, which alone resolves", () => {
    expect(threadPath({ id: 12, slug: "budget" })).toBe("/fils/12-budget");
    expect(parseThreadRef("12-budget")).toEqual({ id: 12, slug: "budget" });
    expect(parseThreadRef("12")).toEqual({ id: 12, slug: null });
    expect(parseThreadRef("budget-12")).toBeNull();
    expect(parseThreadRef("99999999999")).toBeNull();
    expect(parseThreadRef(undefined)).toBeNull();
  });
});
