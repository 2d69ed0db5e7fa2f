import { describe, expect, it } from "vitest";

import { checkNote, checkReason, type FormErrors } from "./moderation-form";

describe("moderation reasons and notes", () => {
  it("refuse a NUL byte with a French message (PostgreSQL refuses it in text)", () => {
    const errors: FormErrors = {};
    checkReason("Hors\u0000sujet", errors);
    checkNote("note\u0000", errors);
    expect(errors.reason).toMatch(/caractère nul/);
    expect(errors.note).toMatch(/caractère nul/);
  });
});
