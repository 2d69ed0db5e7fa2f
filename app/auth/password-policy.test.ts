import { describe, expect, it } from "vitest";

import { isCommonPassword, passwordProblem } from "./password-policy";

describe("passwordProblem", () => {
  it("accepts a long, uncommon passphrase", () => {
    expect(passwordProblem("cheval-agrafe-batterie-correct")).toBeNull();
  });

  it("refuses short passwords with a French message", () => {
    expect(passwordProblem("court123")).toMatch(/au moins 12 caractères/);
  });

  it("refuses common passwords and their trivial variants", () => {
    expect(isCommonPassword("Azerty123456")).toBe(true);
    expect(isCommonPassword("motdepasse123!!")).toBe(true);
    expect(isCommonPassword("Administrateur2026")).toBe(true);
    expect(passwordProblem("aaaaaaaaaaaaaaaa")).toMatch(/trop courant/);
    expect(isCommonPassword("une phrase de passe rare")).toBe(false);
  });

  it("refuses a password built on the member's own address or name", () => {
    expect(passwordProblem("marie.durand-2026!", { email: "marie.durand@example.org" })).toMatch(/adresse e-mail/);
    expect(passwordProblem("Jean-Pierre Martin", { displayName: "jean-pierre martin" })).toMatch(/votre nom/);
  });
});
