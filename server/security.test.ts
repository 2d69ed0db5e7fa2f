import { describe, expect, it } from "vitest";

import { contentSecurityPolicy, isSameOriginRequest } from "./security";

const app = ["https://echanges.example.org"];

describe("isSameOriginRequest", () => {
  it("lets safe methods through whatever their origin", () => {
    expect(isSameOriginRequest("GET", { origin: "https://evil.example" }, app)).toBe(true);
    expect(isSameOriginRequest("HEAD", {}, app)).toBe(true);
  });

  it("accepts a post from the app's own origin, by Origin or by Referer", () => {
    expect(isSameOriginRequest("POST", { origin: "https://echanges.example.org" }, app)).toBe(true);
    expect(isSameOriginRequest("POST", { referer: "https://echanges.example.org/connexion?x=1" }, app)).toBe(true);
  });

  it("refuses other origins, look-alikes, opaque and missing origins", () => {
    expect(isSameOriginRequest("POST", { origin: "https://evil.example" }, app)).toBe(false);
    expect(isSameOriginRequest("POST", { origin: "https://echanges.example.org.evil.example" }, app)).toBe(false);
    expect(isSameOriginRequest("POST", { origin: "http://echanges.example.org" }, app)).toBe(false);
    expect(isSameOriginRequest("DELETE", { origin: "null" }, app)).toBe(false);
    expect(isSameOriginRequest("PUT", {}, app)).toBe(false);
    expect(isSameOriginRequest("POST", { referer: "not a url" }, app)).toBe(false);
  });

  it("trusts Origin over Referer when both are present", () => {
    expect(
      isSameOriginRequest("POST", { origin: "https://evil.example", referer: "https://echanges.example.org/" }, app),
    ).toBe(false);
  });
});

describe("contentSecurityPolicy", () => {
  it("allows only nonce'd scripts and forbids framing", () => {
    const csp = contentSecurityPolicy("abc123");
    expect(csp).toContain("script-src 'self' 'nonce-abc123'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(contentSecurityPolicy("n", { development: true })).toContain("ws://localhost:*");
  });
});
