import { describe, expect, it } from "vitest";

import { safeRedirect, signInUrl } from "./guards.server";

describe("safeRedirect", () => {
  it("keeps local paths with their query", () => {
    expect(safeRedirect("/fils/12-budget?page=2")).toBe("/fils/12-budget?page=2");
  });

  it("refuses anything that could leave the site", () => {
    for (const bad of ["//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "", null, undefined]) {
      expect(safeRedirect(bad)).toBe("/");
    }
  });
});

describe("signInUrl", () => {
  it("carries the page to come back to", () => {
    expect(signInUrl(new Request("http://localhost/compte?onglet=securite"))).toBe(
      "/connexion?retour=%2Fcompte%3Fonglet%3Dsecurite",
    );
    expect(signInUrl(new Request("http://localhost/"))).toBe("/connexion");
  });
});
