import { describe, expect, it } from "vitest";

import { isSlug, parseId } from "./ids";

describe("parseId", () => {
  it("accepts positive integers that fit PostgreSQL's integer", () => {
    expect(parseId("1")).toBe(1);
    expect(parseId("2147483647")).toBe(2147483647);
  });
  it.each(["", "0", "-1", "1.5", "1e9", "99999999999999999999", "2147483648", "12a", "\u0000", " 1", null, undefined])("refuses %j", (value) => {
    expect(parseId(value)).toBeNull();
  });
});

describe("isSlug", () => {
  it("accepts the app's slugs and refuses the rest", () => {
    expect(isSlug("ile-de-france")).toBe(true);
    expect(isSlug("\u0000")).toBe(false);
    expect(isSlug("a\u0000b")).toBe(false);
    expect(isSlug("x".repeat(10_000))).toBe(false);
    expect(isSlug("Été")).toBe(false);
  });
});
