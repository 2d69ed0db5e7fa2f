import { describe, expect, it } from "vitest";

import { ConfigError, isAllowedHost, originConfig } from "./origin";

describe("originConfig", () => {
  it("defaults to http://localhost:$PORT with the loopback names on that port for the embedded database", () => {
    const config = originConfig({ PORT: "4321" });
    expect(config.origin).toBe("http://localhost:4321");
    expect(config.hosts).toEqual(["localhost:4321", "127.0.0.1:4321", "[::1]:4321"]);
    expect(config.origins).toEqual(["http://localhost:4321", "http://127.0.0.1:4321", "http://[::1]:4321"]);
    expect(originConfig({}).origin).toBe("http://localhost:3000");
  });

  it("requires APP_ORIGIN with DATABASE_URL, in one clear line", () => {
    expect(() => originConfig({ DATABASE_URL: "postgres://db/openent" })).toThrow(ConfigError);
    expect(() => originConfig({ DATABASE_URL: "postgres://db/openent", APP_ORIGIN: " " })).toThrow(/APP_ORIGIN est obligatoire/);
  });

  it("takes the configured origin alone, normalized, without loopback aliases", () => {
    const config = originConfig({ DATABASE_URL: "postgres://db/openent", APP_ORIGIN: "https://Echanges.Example.org/" });
    expect(config.origin).toBe("https://echanges.example.org");
    expect(config.hosts).toEqual(["echanges.example.org", "echanges.example.org:443"]);
    expect(config.origins).toEqual(["https://echanges.example.org"]);
    expect(originConfig({ APP_ORIGIN: "http://intranet.example:8080" }).hosts).toEqual(["intranet.example:8080"]);
  });

  it("refuses an origin with a path, a query, credentials or another scheme", () => {
    for (const bad of ["echanges.example.org", "ftp://echanges.example.org", "https://echanges.example.org/forum", "https://a:b@echanges.example.org", "https://echanges.example.org?x", "https://echanges.example.org#x", "https://"]) {
      expect(() => originConfig({ APP_ORIGIN: bad }), bad).toThrow(/APP_ORIGIN invalide/);
    }
  });
});

describe("isAllowedHost", () => {
  const production = originConfig({ APP_ORIGIN: "https://echanges.example.org" });
  const embedded = originConfig({ PORT: "3000" });

  it("accepts the configured host, whatever its case", () => {
    expect(isAllowedHost("echanges.example.org", production)).toBe(true);
    expect(isAllowedHost("ECHANGES.example.org", production)).toBe(true);
    expect(isAllowedHost("127.0.0.1:3000", embedded)).toBe(true);
    expect(isAllowedHost("[::1]:3000", embedded)).toBe(true);
  });

  it("refuses other hosts, other ports, look-alikes and a missing Host", () => {
    for (const bad of ["attacker.example", "echanges.example.org.attacker.example", "echanges.example.org:8443", "localhost:3000", undefined]) {
      expect(isAllowedHost(bad, production), String(bad)).toBe(false);
    }
    for (const bad of ["localhost:3001", "localhost", "attacker.example:3000", "0.0.0.0:3000"]) {
      expect(isAllowedHost(bad, embedded), bad).toBe(false);
    }
  });
});
