import { describe, expect, it } from "vitest";

import { ConfigError } from "./origin";
import { parseTrustProxy } from "./trust-proxy";

describe("parseTrustProxy", () => {
  it("leaves the setting alone when unset or blank", () => {
    expect(parseTrustProxy(undefined)).toBeUndefined();
    expect(parseTrustProxy("  ")).toBeUndefined();
  });

  it("reads whole numbers as hop counts, not as the address 0.0.0.1", () => {
    expect(parseTrustProxy("1")).toBe(1);
    expect(parseTrustProxy(" 2 ")).toBe(2);
    expect(parseTrustProxy("0")).toBe(0);
  });

  it("reads true and false", () => {
    expect(parseTrustProxy("true")).toBe(true);
    expect(parseTrustProxy("FALSE")).toBe(false);
  });

  it("accepts the named ranges", () => {
    expect(parseTrustProxy("loopback")).toEqual(["loopback"]);
    expect(parseTrustProxy("LinkLocal")).toEqual(["linklocal"]);
    expect(parseTrustProxy("uniquelocal")).toEqual(["uniquelocal"]);
  });

  it("accepts addresses and subnets, IPv4 and IPv6, prefix or mask", () => {
    expect(parseTrustProxy("10.0.0.7")).toEqual(["10.0.0.7"]);
    expect(parseTrustProxy("::1")).toEqual(["::1"]);
    expect(parseTrustProxy("10.0.0.0/8")).toEqual(["10.0.0.0/8"]);
    expect(parseTrustProxy("fd00::/8")).toEqual(["fd00::/8"]);
    expect(parseTrustProxy("10.0.0.0/255.0.0.0")).toEqual(["10.0.0.0/255.0.0.0"]);
  });

  it("accepts comma-separated lists of all of those", () => {
    expect(parseTrustProxy("loopback, 10.0.0.0/8 ,fd00::/8,192.0.2.1")).toEqual([
      "loopback",
      "10.0.0.0/8",
      "fd00::/8",
      "192.0.2.1",
    ]);
  });

  it("refuses anything else with a clear message naming the bad entry", () => {
    for (const bad of ["yes", "1.5", "-1", "proxy.example", "10.0.0.0/33", "fd00::/129", "10.0.0.0/255.0.255.0", "loopback,", "10.0.0.256"]) {
      expect(() => parseTrustProxy(bad), bad).toThrow(ConfigError);
    }
    expect(() => parseTrustProxy("loopback, nginx")).toThrow(/TRUST_PROXY invalide \/ invalid: "nginx"/);
  });
});
