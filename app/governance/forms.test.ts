import { describe, expect, it } from "vitest";

import { parseStatusForm, parseVersionForm, REFERENCE_TEXT_MAX, type StatusFormValues } from "./forms";
import { csvCell, csvLine, parseRegisterQuery } from "./register-query";
import { isAllowedTransition } from "./statuses";

const decision: StatusFormValues = {
  to: "adoptee",
  from: "discussion",
  comment: "",
  decidedOn: "2026-03-12",
  decidingBody: "Assemblée générale du 12 mars 2026",
  votesFor: "12",
  votesAgainst: "2",
  abstentions: "",
  summary: "Les statuts sont adoptés.",
  versionId: "3",
};

describe("parseStatusForm", () => {
  it("reads a decision with optional votes", () => {
    const parsed = parseStatusForm(decision);
    expect(parsed).toEqual({
      ok: true,
      input: {
        to: "adoptee",
        from: "discussion",
        comment: null,
        decision: { decidedOn: "2026-03-12", decidingBody: "Assemblée générale du 12 mars 2026", votesFor: 12, votesAgainst: 2, abstentions: null, summary: "Les statuts sont adoptés.", versionId: 3 },
      },
    });
  });

  it("refuses a decision without body or date, bad dates, votes and versions, NUL bytes", () => {
    const parsed = parseStatusForm({ ...decision, decidingBody: " ", decidedOn: "", votesFor: "-1", abstentions: "1e3", versionId: "abc", summary: "a\u0000b" });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(["abstentions", "decidedOn", "decidingBody", "summary", "versionId", "votesFor"]);
    const february = parseStatusForm({ ...decision, decidedOn: "2026-02-30" });
    expect(!february.ok && february.errors.decidedOn).toContain("n'existe pas");
    const huge = parseStatusForm({ ...decision, votesFor: "99999999999999999999" });
    expect(!huge.ok && huge.errors.votesFor).toBeTruthy();
  });

  it("needs no decision fields for other moves, and refuses unknown statuses", () => {
    expect(parseStatusForm({ ...decision, to: "discussion", from: "proposition", decidingBody: "", decidedOn: "" }).ok).toBe(true);
    const unknown = parseStatusForm({ ...decision, to: "perdue" });
    expect(!unknown.ok && unknown.errors.form).toContain("n'existe pas");
  });
});

describe("transitions", () => {
  it("follows the life of a proposal; a decision reopens to en discussion", () => {
    expect(isAllowedTransition("proposition", "discussion")).toBe(true);
    expect(isAllowedTransition("proposition", "adoptee")).toBe(false);
    expect(isAllowedTransition("discussion", "adoptee")).toBe(true);
    expect(isAllowedTransition("adoptee", "discussion")).toBe(true);
    expect(isAllowedTransition("adoptee", "rejetee")).toBe(false);
    expect(isAllowedTransition("retiree", "adoptee")).toBe(false);
  });
});

describe("parseVersionForm", () => {
  it("refuses a huge text with its size, an empty one, NUL bytes and a missing base", () => {
    const huge = parseVersionForm({ body: "x".repeat(REFERENCE_TEXT_MAX + 1), comment: "ok", base: "1" });
    expect(!huge.ok && huge.errors.body).toMatch(/100\s001 actuellement/u);
    const empty = parseVersionForm({ body: "  ", comment: "", base: "" });
    expect(!empty.ok && Object.keys(empty.errors).sort()).toEqual(["body", "comment", "form"]);
    const nul = parseVersionForm({ body: "a\u0000", comment: "b\u0000", base: "0" });
    expect(!nul.ok && Object.keys(nul.errors).sort()).toEqual(["body", "comment"]);
  });
});

describe("register query and CSV", () => {
  it("ignores unknown filter values", () => {
    expect(parseRegisterQuery(new URLSearchParams("statut=adoptee&thematique=gouvernance&annee=2026"))).toEqual({ status: "adoptee", topic: "gouvernance", year: 2026 });
    expect(parseRegisterQuery(new URLSearchParams("statut=x&thematique=%00&annee=99999999999"))).toEqual({ status: null, topic: null, year: null });
  });

  it("neutralizes formulas and quotes separators", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+33")).toBe("'+33");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@membre")).toBe("'@membre");
    expect(csvCell(12)).toBe("12");
    expect(csvLine(["a,b", null, "ligne\nsuivante"])).toBe('"a,b",,"ligne\nsuivante"');
  });
});
