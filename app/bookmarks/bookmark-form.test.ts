import { describe, expect, it } from "vitest";

import { NOTE_MAX, parseBookmarkForm, plainExcerpt } from "./bookmark-form";

describe("parseBookmarkForm", () => {
  it("accepts an empty note and date as none", () => {
    expect(parseBookmarkForm({ note: "  ", remindOn: "" })).toEqual({ ok: true, input: { note: null, remindOn: null } });
  });

  it("keeps a trimmed note and a calendar date", () => {
    expect(parseBookmarkForm({ note: " À relire ", remindOn: "2027-02-28" })).toEqual({
      ok: true,
      input: { note: "À relire", remindOn: "2027-02-28" },
    });
  });

  it("refuses a note over the limit with a French message giving the limit", () => {
    const result = parseBookmarkForm({ note: "é".repeat(NOTE_MAX + 1), remindOn: "" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.note).toBe(`La note ne doit pas dépasser ${NOTE_MAX} caractères (501 actuellement).`);
    expect(parseBookmarkForm({ note: "é".repeat(NOTE_MAX), remindOn: "" }).ok).toBe(true);
  });

  it("refuses a date that is not on the calendar", () => {
    for (const remindOn of ["2027-02-30", "demain", "2027-13-01", "27-01-01"]) {
      const result = parseBookmarkForm({ note: "", remindOn });
      expect(result.ok, remindOn).toBe(false);
    }
  });
});

describe("plainExcerpt", () => {
  it("drops Markdown marks and links' addresses, and cuts long text", () => {
    expect(plainExcerpt("## Titre\n\n**Gras** et [lien](https://exemple.fr)")).toBe("Titre Gras et lien");
    expect(plainExcerpt("mot ".repeat(100), 20)).toMatch(/…$/);
    expect([...plainExcerpt("mot ".repeat(100), 20)].length).toBeLessThanOrEqual(20);
  });
});
