import { describe, expect, it } from "vitest";

import { diffArticles, splitArticles } from "./articles";

const v1 = [
  "Préambule des statuts.",
  "",
  "## Article 1 — Objet",
  "L'association porte l'ENT commun.",
  "",
  "## Article 2 — Membres",
  "Les régions et départements.",
  "",
  "## Article 3 — Cotisations",
  "Chaque membre verse 1 000 euros.",
].join("\n");

describe("splitArticles", () => {
  it("splits on article headings, keeps the preamble, ignores headings in code", () => {
    const articles = splitArticles(`${v1}\n\n\`\`\`\n## Article 9\n\`\`\``);
    expect(articles.map((a) => a.number)).toEqual(["", "1", "2", "3"]);
    expect(articles[3]!.title).toBe("Cotisations");
    expect(articles[3]!.markdown).toContain("## Article 9");
  });

  it("reads 'bis' numbers", () => {
    expect(splitArticles("# Article 2 bis : Durée\ntexte").map((a) => a.number)).toEqual(["2 bis"]);
  });
});

describe("diffArticles", () => {
  it("reports changed words, added, removed and renumbered articles", () => {
    const v2 = [
      "Préambule des statuts.",
      "",
      "## Article 1 — Objet",
      "L'association porte et développe l'ENT commun.",
      "",
      "## Article 2 — Gouvernance",
      "Un conseil de seize membres.",
      "",
      "## Article 3 — Cotisations",
      "Chaque membre verse 1 000 euros.",
    ].join("\n").replace("## Article 3 — Cotisations", "## Article 3 — Cotisations");
    const changes = diffArticles(v1, v2.replace("## Article 3", "## Article 3"));
    expect(changes.map((c) => [c.kind, c.before, c.after])).toEqual([
      ["same", "", ""],
      ["changed", "1", "1"],
      // Same number, new title and text: the article was rewritten.
      ["changed", "2", "2"],
      ["same", "3", "3"],
    ]);
    const objet = changes[1]!;
    expect(objet.segments.filter((s) => s.kind === "added").map((s) => s.text).join("")).toContain("développe");
  });

  it("reports an article added in the middle and the following one renumbered", () => {
    const v2 = v1.replace("## Article 3 — Cotisations", "## Article 3 — Durée\nQuatre ans.\n\n## Article 4 — Cotisations");
    const changes = diffArticles(v1, v2);
    expect(changes.map((c) => [c.kind, c.before, c.after])).toEqual([
      ["same", "", ""],
      ["same", "1", "1"],
      ["same", "2", "2"],
      ["added", null, "3"],
      ["changed", "3", "4"],
    ]);
    expect(changes[3]!.segments).toEqual([{ kind: "added", text: "## Article 3 — Durée\nQuatre ans." }]);
  });

  it("recognizes an article renumbered without other change", () => {
    const v2 = v1.replace("## Article 2 — Membres\nLes régions et départements.\n\n", "").replace("## Article 3 — Cotisations", "## Article 2 — Cotisations");
    const changes = diffArticles(v1, v2);
    expect(changes.map((c) => [c.kind, c.before, c.after])).toEqual([
      ["same", "", ""],
      ["same", "1", "1"],
      ["removed", "2", null],
      ["changed", "3", "2"],
    ]);
  });

  it("pairs a renumbered article with an unchanged body even without a title", () => {
    const changes = diffArticles("## Article 1\nA.\n\n## Article 2\nB.", "## Article 1\nB.");
    expect(changes.map((c) => [c.kind, c.before, c.after])).toEqual([
      ["removed", "1", null],
      ["changed", "2", "1"],
    ]);
  });
});
