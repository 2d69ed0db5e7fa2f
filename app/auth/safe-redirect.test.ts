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

  it("refuses control characters, tabs and backslashes anywhere, which browsers strip or rewrite", () => {
    for (const bad of ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\u0000x", "/fils\\evil", "/\u007f/evil.example", "\t//evil.example"]) {
      expect(safeRedirect(bad), JSON.stringify(bad)).toBe("/");
    }
  });

  it("resolves the path with the URL parser and keeps only a same-origin path, query and hash", () => {
    expect(safeRedirect("/fils/../compte?onglet=securite#mdp")).toBe("/compte?onglet=securite#mdp");
    expect(safeRedirect("/recherche?q=collège à Lyon")).toBe("/recherche?q=coll%C3%A8ge%20%C3%A0%20Lyon");
    expect(safeRedirect("///evil.example")).toBe("/");
    expect(safeRedirect("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });

  it("always returns a value a Location header accepts", () => {
    for (const input of ["/é", "/\u2028x", "/a b", "/\ud800"]) {
      const target = safeRedirect(input);
      expect(() => new Headers({ Location: target }), input).not.toThrow();
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
