import { describe, expect, it } from "vitest";

import { endOfParisDay, parseSuspensionForm } from "./suspension-form";

describe("timed suspension form", () => {
  const now = new Date("2026-11-29T10:00:00Z");

  it("ends at the end of the chosen day, Paris time, winter and summer", () => {
    expect(endOfParisDay("2026-12-12")?.toISOString()).toBe("2026-12-12T22:59:59.000Z");
    expect(endOfParisDay("2027-07-01")?.toISOString()).toBe("2027-07-01T21:59:59.000Z");
    expect(endOfParisDay("2027-02-31")).toBeNull();
    expect(endOfParisDay("demain")).toBeNull();
  });

  it("accepts a day to come with a reason", () => {
    expect(parseSuspensionForm({ until: "2026-12-12", reason: " Insultes répétées " }, now)).toEqual({ ok: true, until: new Date("2026-12-12T22:59:59Z"), reason: "Insultes répétées" });
  });

  it("refuses a past day, more than a year, an impossible date, no reason, a NUL byte or a 100 KB reason", () => {
    const errorsOf = (until: string, reason = "Raison") => {
      const result = parseSuspensionForm({ until, reason }, now);
      return result.ok ? {} : result.errors;
    };
    expect(errorsOf("2026-11-01").until).toMatch(/déjà passée/);
    expect(errorsOf("2028-01-01").until).toMatch(/au plus 365 jours/);
    expect(errorsOf("2026-02-31").until).toMatch(/format/);
    expect(errorsOf("").until).toMatch(/jusqu'à quel jour/);
    expect(errorsOf("2026-12-12", "  ").reason).toMatch(/Indiquez la raison/);
    expect(errorsOf("2026-12-12", "a\u0000b").reason).toMatch(/caractère nul/);
    expect(errorsOf("2026-12-12", "x".repeat(100_000)).reason).toMatch(/500 caractères/);
  });
});
