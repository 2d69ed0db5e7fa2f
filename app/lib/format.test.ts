import { describe, expect, it } from "vitest";

import { formatNumber, formatPartialDate, plural } from "./format";

describe("formatPartialDate", () => {
  it("shows only the known precision", () => {
    expect(formatPartialDate("2009")).toBe("2009");
    expect(formatPartialDate("2009-03")).toBe("mars 2009");
    expect(formatPartialDate("2009-03-12")).toBe("12 mars 2009");
    expect(formatPartialDate(null)).toBe("");
  });
});

describe("French numbers and plurals", () => {
  it("groups thousands with a narrow space and uses the singular below 2", () => {
    expect(formatNumber(1234)).toMatch(/^1\s234$/u);
    expect(formatNumber(null)).toBe("");
    expect(plural(0, "résultat")).toBe("0 résultat");
    expect(plural(1, "résultat")).toBe("1 résultat");
    expect(plural(2, "établissement")).toBe("2 établissements");
  });
});
