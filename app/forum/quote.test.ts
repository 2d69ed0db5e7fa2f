import { describe, expect, it } from "vitest";

import { renderMarkdown } from "../markdown/render.server";
import { quoteMarkdown, quotedPostIds } from "./quote";

describe("quoteMarkdown", () => {
  it("quotes every line, attributes it and links back to the post", () => {
    const quote = quoteMarkdown({ id: 42, authorName: "Léa [démo]", markdown: "Ligne un\n\nLigne deux" });
    expect(quote).toBe("> [Léa \\[démo\\] a écrit](/messages/42) :\n>\n> Ligne un\n>\n> Ligne deux\n\n");
    const html = renderMarkdown(quote);
    expect(html).toContain("<blockquote>");
    expect(html).toContain('href="/messages/42"');
    expect(html).toContain("Léa [démo] a écrit");
  });

  it("escapes Markdown in the author's name: no link, emphasis or block of the name's own", () => {
    const names = [
      "Mallory\n\n[cliquez ici](https://evil.example)",
      "Mallory](https://evil.example) [x",
      "**Mallory** _x_ `y` <b>z</b> @admin",
      "# Mallory",
    ];
    for (const authorName of names) {
      const html = renderMarkdown(quoteMarkdown({ id: 7, authorName, markdown: "Texte cité" }));
      expect(html).not.toContain("evil.example\"");
      expect(html).not.toMatch(/<(strong|em|code|b|h1)>/);
      expect(html).not.toContain('class="mention"');
      expect(html.match(/<a /g)?.length).toBe(1);
      expect(html).toContain('href="/messages/7"');
    }
  });
});

describe("quotedPostIds", () => {
  it("finds the posts quoted the way Citer writes them, each once", () => {
    const text = `${quoteMarkdown({ id: 42, authorName: "Léa", markdown: "Un" })}${quoteMarkdown({ id: 7, authorName: "Paul", markdown: "> [X a écrit](/messages/42) :\n> deux" })}Ma réponse.`;
    expect(quotedPostIds(text).sort((a, b) => a - b)).toEqual([7, 42]);
  });

  it("ignores links outside blockquotes and ids that are not ids", () => {
    expect(quotedPostIds("Voir [ce message](/messages/12).")).toEqual([]);
    expect(quotedPostIds("> [a](/messages/0) [b](/messages/abc) [c](/messages/99999999999999999999)")).toEqual([]);
  });
});
