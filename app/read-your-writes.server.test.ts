import { describe, expect, it } from "vitest";

import { readYourWritesCookie, readYourWritesPosition } from "./read-your-writes.server";

describe("read-your-writes cookie", () => {
  it("carries the WAL position for a short time, HttpOnly, and reads it back", () => {
    const cookie = readYourWritesCookie(2n ** 40n + 5n, 10_000, false);
    expect(cookie).toMatch(/^openent_rw=1099511627781; /);
    expect(cookie).toContain("Max-Age=10");
    expect(cookie).toContain("HttpOnly");
    expect(readYourWritesPosition(`a=b; ${cookie.split(";")[0]}`, false)).toBe(1099511627781n);
  });

  it("uses the __Host- name over HTTPS and ignores the plain one there", () => {
    const cookie = readYourWritesCookie(42n, 10_000, true);
    expect(cookie).toMatch(/^__Host-openent_rw=42; /);
    expect(cookie).toContain("Secure");
    expect(readYourWritesPosition("openent_rw=42", true)).toBeUndefined();
    expect(readYourWritesPosition("__Host-openent_rw=42", true)).toBe(42n);
  });

  it("ignores a malformed or oversized value", () => {
    for (const value of ["", "-1", "0x10", "1e9", "9".repeat(21), "%00", "12a"]) {
      expect(readYourWritesPosition(`openent_rw=${value}`, false)).toBeUndefined();
    }
  });
});
