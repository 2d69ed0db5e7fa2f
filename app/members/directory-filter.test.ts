import { describe, expect, it } from "vitest";

import { directorySearch, MAX_DIRECTORY_PAGE, parseDirectoryFilter } from "./directory-filter";
import { BIO_MAX, parseProfileForm } from "./profile-form";

describe("parseDirectoryFilter", () => {
  it("reads French role values, a collectivité id, a name and a page", () => {
    const filter = parseDirectoryFilter(new URLSearchParams("q=%20H%C3%A9l%C3%A8ne%20&role=delegue&collectivite=3&page=2"));
    expect(filter).toEqual({ q: "Hélène", role: "delegate", collectiviteId: 3, page: 2 });
    expect(directorySearch(filter!, 3)).toBe("?q=H%C3%A9l%C3%A8ne&role=delegue&collectivite=3&page=3");
  });

  it("ignores unknown filter values", () => {
    expect(parseDirectoryFilter(new URLSearchParams("role=roi&collectivite=abc"))).toEqual({ q: "", role: null, collectiviteId: null, page: 1 });
  });

  it("refuses a page that is not a number in range", () => {
    for (const page of ["0", "-1", "abc", "1.5", String(MAX_DIRECTORY_PAGE + 1), "99999999999"]) {
      expect(parseDirectoryFilter(new URLSearchParams({ page })), page).toBeNull();
    }
  });
});

describe("parseProfileForm", () => {
  it("keeps a trimmed bio, or none", () => {
    expect(parseProfileForm({ bio: "  Chargée de mission ENT ", publicProfile: true })).toEqual({
      ok: true,
      input: { bio: "Chargée de mission ENT", publicProfile: true },
    });
    expect(parseProfileForm({ bio: " ", publicProfile: false })).toEqual({ ok: true, input: { bio: null, publicProfile: false } });
  });

  it("refuses a bio over the limit with the limit in French", () => {
    const result = parseProfileForm({ bio: "a".repeat(BIO_MAX + 1), publicProfile: false });
    expect(result).toEqual({ ok: false, errors: { bio: `La présentation ne doit pas dépasser ${(1000).toLocaleString("fr-FR")} caractères (${(1001).toLocaleString("fr-FR")} actuellement).` } });
  });
});

describe("NUL bytes never reach PostgreSQL", () => {
  it("drops them from the directory's name filter", () => {
    expect(parseDirectoryFilter(new URLSearchParams("q=%00H%C3%A9l%00ene"))?.q).toBe("Hélene");
  });

  it("refuses them in a bio with a French message", () => {
    expect(parseProfileForm({ bio: "Bonjour\u0000", publicProfile: false })).toMatchObject({ ok: false, errors: { bio: expect.stringMatching(/caractère nul/) } });
  });
});
