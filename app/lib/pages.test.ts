import { describe, expect, it } from "vitest";

import { parsePageParam } from "./pages";

describe("page parameter", () => {
  it("reads a page number, 1 when absent, null for anything else", () => {
    expect(parsePageParam(null)).toBe(1);
    expect(parsePageParam("3")).toBe(3);
    for (const bad of ["0", "-1", "1.5", "", "abc", "1e3", "\u0000", "99999999", "1001"]) expect(parsePageParam(bad)).toBeNull();
    expect(parsePageParam("20", 10)).toBeNull();
  });
});
