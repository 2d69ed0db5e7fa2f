import { Marked, type Token } from "marked";
import { describe, expect, it } from "vitest";

import { findMention, isMentionToken, mentionExtension, mentionStart } from "./mentions";

describe("findMention", () => {
  it.each([
    ["@marie", "", "marie"],
    ["@marie, bonjour", " ", "marie"],
    ["@jean.dupont.", "(", "jean.dupont"],
    ["@jean-luc-", " ", "jean-luc"],
    ["@Élodie_Brûlé!", " ", "Élodie_Brûlé"],
    ["@agent_", " ", "agent_"],
    ["@42", " ", "42"],
    ["@Zoë\u0308x", " ", "Zoë\u0308x"],
  ])("finds %j after %j", (src, previous, name) => {
    expect(findMention(src, previous)?.name).toBe(name);
  });

  it("reports the raw text it consumed", () => {
    expect(findMention("@marie.", "")).toEqual({ raw: "@marie", name: "marie" });
  });

  it.each([
    ["@marie", "n", "glued to a word, as in an e-mail address"],
    ["@marie", "/", "inside a path"],
    ["@marie", "@", "after another @"],
    ["@marie", ".", "after a dot"],
    ["@-marie", " ", "starting with a hyphen"],
    ["@.marie", " ", "starting with a dot"],
    ["@ marie", " ", "followed by a space"],
    ["@", " ", "alone"],
    ["@marie@mairie.fr", " ", "followed by another @"],
    ["marie", " ", "without @"],
  ])("rejects %j after %j (%s)", (src, previous) => {
    expect(findMention(src, previous)).toBeNull();
  });
});

describe("mentionExtension", () => {
  const markdown = new Marked({ gfm: true, async: false, extensions: [mentionExtension] });

  function mentionNames(source: string): string[] {
    const names: string[] = [];
    markdown.walkTokens(markdown.lexer(source), (token: Token) => {
      if (isMentionToken(token)) names.push(token.name);
    });
    return names;
  }

  it("tokenizes mentions in running text", () => {
    expect(mentionNames("Merci @marie et @paul_martin.")).toEqual(["marie", "paul_martin"]);
  });

  it("skips code spans, code blocks, link text and autolinks", () => {
    const source = "`@a` [@b](/x) <https://example.org/@c> https://example.org/@d\n\n```\n@e\n```";
    expect(mentionNames(source)).toEqual([]);
  });

  it("skips e-mail addresses, autolinked or not", () => {
    expect(mentionNames("marie@example.org jean@intranet <paul@example.org>")).toEqual([]);
  });

  it("does not break e-mail autolinking", () => {
    expect(markdown.parse("Écrire à jean@example.org")).toBe(
      '<p>Écrire à <a href="mailto:jean@example.org">jean@example.org</a></p>\n',
    );
  });

  it("renders unresolved mentions as escaped text and resolved ones as links", () => {
    const tokens = markdown.lexer("@marie @paul");
    markdown.walkTokens(tokens, (token) => {
      if (isMentionToken(token) && token.name === "marie") token.href = '/membres/marie?a=1&b="2"';
    });
    expect(markdown.parser(tokens)).toBe(
      '<p><a class="mention" href="/membres/marie?a=1&amp;b=&quot;2&quot;">@marie</a> @paul</p>\n',
    );
  });

  it("tells marked to stop only at the first @, after it when it is glued to a word", () => {
    // Looking past the first "@" made the lexer quadratic on inputs like "@a@a@a…";
    // stopping before a glued "@" hid "jean@" from the e-mail autolinker.
    expect(mentionStart("Merci @marie")).toBe(6);
    expect(mentionStart("@marie")).toBe(0);
    expect(mentionStart("jean@example.org et @marie")).toBe(5);
    expect(mentionStart("pas de mention")).toBeUndefined();
  });

  it("handles long runs of @ without stalling", () => {
    expect(mentionNames("@a".repeat(20000))).toEqual([]);
    expect(mentionNames(" @a".repeat(20000))).toHaveLength(20000);
  });
});
