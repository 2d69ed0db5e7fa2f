import { describe, expect, it } from "vitest";

import { emptyProfileForm, launchDateForForm, parseLaunchDate, parseProfileForm, parseWebsite, profileFormValues } from "./profile-form";

describe("parseLaunchDate", () => {
  it("keeps the date as precise as it is typed", () => {
    expect(parseLaunchDate("2009")).toBe("2009");
    expect(parseLaunchDate("3/2009")).toBe("2009-03");
    expect(parseLaunchDate("2009-03")).toBe("2009-03");
    expect(parseLaunchDate(" 12/03/2009 ")).toBe("2009-03-12");
    expect(parseLaunchDate("2009-03-12")).toBe("2009-03-12");
    expect(parseLaunchDate("")).toBeNull();
  });

  it("refuses impossible or unreadable dates", () => {
    for (const text of ["30/02/2024", "2024-13", "13/2024", "1850", "mars 2009", "2009/03", "20090", "2023-02-29"]) {
      expect(parseLaunchDate(text), text).toBeUndefined();
    }
    expect(parseLaunchDate("29/02/2024")).toBe("2024-02-29");
  });

  it("shows the stored date back in the French order", () => {
    expect(["2009", "2009-03", "2009-03-12", null].map(launchDateForForm)).toEqual(["2009", "03/2009", "12/03/2009", ""]);
  });
});

describe("parseWebsite", () => {
  it("accepts http and https addresses only", () => {
    expect(parseWebsite("https://www.monlycee.net")).toBe("https://www.monlycee.net/");
    expect(parseWebsite("HTTP://ENT.Example.org/a?b=1")).toBe("http://ent.example.org/a?b=1");
    expect(parseWebsite("")).toBeNull();
    for (const text of ["javascript:alert(1)", "ftp://example.org", "www.example.org", "https://", "https://a b.fr", "data:text/html,x", "https://user:pw@example.org"]) {
      expect(parseWebsite(text), text).toBeUndefined();
    }
  });
});

describe("parseProfileForm", () => {
  it("turns typed values into the stored profile", () => {
    const parsed = parseProfileForm(
      { ...emptyProfileForm, name: " Région  Test ", kind: "region", establishmentCount: "1 204", launchDate: "09/2012", phase: "pilote", websiteUrl: "https://ent.example.org" },
      { withSlug: true },
    );
    expect(parsed).toEqual({
      ok: true,
      slug: "region-test",
      input: {
        name: "Région Test",
        kind: "region",
        ent_name: null,
        establishment_count: 1204,
        launch_date: "2012-09",
        phase: "pilote",
        integrator: null,
        website_url: "https://ent.example.org/",
        description: null,
      },
    });
  });

  it("answers each bad field with its own French message", () => {
    const parsed = parseProfileForm(
      {
        name: "",
        kind: "empire",
        slug: "Pas Bon",
        entName: "x".repeat(81),
        establishmentCount: "-3",
        launchDate: "31/04/2010",
        phase: "finie",
        integrator: "",
        websiteUrl: "javascript:alert(1)",
        description: "",
      },
      { withSlug: true },
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(Object.keys(parsed.errors).sort()).toEqual(["entName", "establishmentCount", "kind", "launchDate", "name", "phase", "slug", "websiteUrl"].sort());
      expect(parsed.errors.websiteUrl).toMatch(/https:\/\//);
    }
    const reserved = parseProfileForm({ ...emptyProfileForm, name: "Nouvelle", kind: "autre" }, { withSlug: true });
    expect(reserved.ok ? null : reserved.errors.slug).toMatch(/réservée/);
  });

  it("round-trips a stored profile through the form", () => {
    const stored = {
      name: "Île-de-France",
      kind: "region",
      slug: "ile-de-france",
      ent_name: "Lilie",
      establishment_count: 470,
      launch_date: "2009",
      phase: null,
      integrator: "CGI",
      website_url: "https://www.monlycee.net/",
      description: "Une région.",
    };
    const parsed = parseProfileForm(profileFormValues(stored), { withSlug: false });
    const { slug: _slug, ...columns } = stored;
    expect(parsed.ok && parsed.input).toEqual(columns);
  });
});
