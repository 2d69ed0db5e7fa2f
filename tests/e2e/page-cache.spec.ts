import { createHash } from "node:crypto";

import { demo, expectSignedIn, signIn } from "./support/accounts";
import { expect, test } from "./support/fixtures";

/**
 * The shared page cache (issue 11, docs/decisions/006-page-cache.md) in a real browser: a cached
 * page's inline scripts run under its hash-based CSP (the `page` fixture fails on any CSP
 * violation or hydration error), members never get it, and what goes out is compressed.
 */

function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(([, attributes]) => !/\bsrc=/.test(attributes!)).map(([, , content]) => content!);
}

test("a visitor's second view comes from the cache, its inline scripts allowed by hash and nothing else", async ({ request }) => {
  await request.get("/thematiques");
  const response = await request.get("/thematiques?utm_source=lettre");
  expect(response.headers()["x-page-cache"]).toBe("hit");
  const csp = response.headers()["content-security-policy"]!;
  expect(csp).not.toContain("nonce-");
  expect(csp).toContain("frame-ancestors 'none'");
  const html = await response.text();
  expect(html).not.toContain("nonce=");
  const scripts = inlineScripts(html);
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(csp).toContain(`'sha256-${createHash("sha256").update(script).digest("base64")}'`);
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
});

test("a cached page hydrates under its CSP and navigates on the client", async ({ page }) => {
  await page.request.get("/");
  const response = await page.goto("/");
  expect(response!.headers()["x-page-cache"]).toBe("hit");
  await page.waitForFunction(() => "__remixRouter" in window);
  await page.getByRole("link", { name: "Thématiques" }).first().click();
  await expect(page).toHaveURL(/\/thematiques$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("a member never gets a cached page and keeps the per-request nonce", async ({ page }) => {
  await page.request.get("/");
  await signIn(page, demo.delegate);
  const response = await page.goto("/");
  expect(response!.headers()["x-page-cache"]).toBeUndefined();
  expect(response!.headers()["content-security-policy"]).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  await expectSignedIn(page);
});

test("pages and built assets go out compressed as negotiated, with a 304 for an unchanged page", async ({ request }) => {
  const page = await request.get("/collectivites", { headers: { "Accept-Encoding": "br" } });
  expect(page.headers()["content-encoding"]).toBe("br");
  expect(page.headers().vary).toContain("Accept-Encoding");
  const again = await request.get("/collectivites", { headers: { "If-None-Match": page.headers().etag! } });
  expect(again.status()).toBe(304);
  const html = await page.text();
  // The root route's module: well over 1 KB, so the build precompressed it.
  const asset = /"(\/build\/root-[A-Z0-9]+\.js)"/.exec(html)![1]!;
  const script = await request.get(asset, { headers: { "Accept-Encoding": "gzip, br" } });
  expect(script.headers()["content-encoding"]).toBe("br");
  expect(script.headers()["content-type"]).toMatch(/javascript/);
  const member = await request.get("/connexion", { headers: { "Accept-Encoding": "gzip" } });
  expect(member.headers()["content-encoding"]).toBe("gzip");
});
