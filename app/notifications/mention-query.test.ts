import { describe, expect, it } from "vitest";

import { mentionBeforeCaret, normalizeMentionQuery } from "./mention-query";

describe("mentionBeforeCaret", () => {
  it("finds the @name being typed, and where it starts", () => {
    expect(mentionBeforeCaret("Merci @mar")).toEqual({ query: "mar", start: 6 });
    expect(mentionBeforeCaret("@")).toEqual({ query: "", start: 0 });
    expect(mentionBeforeCaret("Bonjour\n@léa-d")).toEqual({ query: "léa-d", start: 8 });
  });

  it("ignores addresses, finished words and glued @", () => {
    expect(mentionBeforeCaret("jean@mairie")).toBeNull();
    expect(mentionBeforeCaret("Merci @marie ")).toBeNull();
    expect(mentionBeforeCaret("a/@b")).toBeNull();
    expect(mentionBeforeCaret("rien")).toBeNull();
  });

  it("bounds the query", () => {
    expect(normalizeMentionQuery("\u0000ab\u0000")).toBe("ab");
    expect(normalizeMentionQuery("x".repeat(100_000))).toHaveLength(40);
    expect(normalizeMentionQuery(null)).toBe("");
  });
});
