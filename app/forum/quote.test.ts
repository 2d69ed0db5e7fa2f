import { describe, expect, it } from "vitest";

import { renderMarkdown } from "../markdown/render.server";
import { quoteMarkdown } from "./quote";

describe("quoteMarkdown", () => {
  it("quotes every line, attributes it and links back to the post", () => {
    const quote = quoteMarkdown({ id: 42, authorName: "Léa [démo]", markdown: "Ligne un\n\nLigne deux" });
    expect(quote).toBe("> [Léa démo a écrit](/messages/42) :\n>\n> Ligne un\n>\n> Ligne deux\n\n");
    const html = renderMarkdown(quote);
    expect(html).toContain("<blockquote>");
    expect(html).toContain('href="/messages/42"');
  });
});
