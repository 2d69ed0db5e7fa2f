import { request as httpRequest } from "node:http";

import { expect } from "@playwright/test";

import { capturedMailCount, capturedMailsTo, demo, expectSignedIn, linkFromLatestMail, signIn } from "./support/accounts";
import { test } from "./support/fixtures";

/**
 * The HTTP layer in front of Remix, on the real built server: the configured origin (never the
 * request's Host), redirects that stay on the site, body limits, private pages never cached,
 * French pages for malformed requests, robots.txt and the favicon.
 */

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with headers a browser would not let us forge (Host, X-Forwarded-Host). */
function raw(
  baseURL: string,
  { method = "GET", path, headers = {}, body }: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  const base = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: base.hostname, port: base.port, method, path, headers, setHost: !("Host" in headers) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

test("a request addressed to another host gets a French 400 page; /healthz still answers", async ({ baseURL }) => {
  const foreign = await raw(baseURL!, { path: "/", headers: { Host: "attacker.example" } });
  expect(foreign.status).toBe(400);
  expect(foreign.body).toContain('lang="fr"');
  expect(foreign.body).not.toContain("attacker.example");
  const health = await raw(baseURL!, { path: "/healthz", headers: { Host: "10.0.0.7:8080" } });
  expect(health.status).toBe(200);
  const loopback = await raw(baseURL!, { path: "/", headers: { Host: `127.0.0.1:${new URL(baseURL!).port}` } });
  expect(loopback.status).toBe(200);
});

test("a reset request with a forged X-Forwarded-Host mails a link to the configured origin", async ({ baseURL }) => {
  const before = capturedMailCount();
  const response = await raw(baseURL!, {
    method: "POST",
    path: "/mot-de-passe-oublie",
    headers: {
      "X-Forwarded-Host": "attacker.example:31337",
      Referer: `${baseURL}/mot-de-passe-oublie`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ email: demo.observer.email }).toString(),
  });
  expect(response.status).toBe(200);
  const path = await linkFromLatestMail(demo.observer.email, "/mot-de-passe-oublie/", before);
  expect(path).toMatch(/^\/mot-de-passe-oublie\//);
  // The whole mail: the link is on the configured origin, nothing names the forged host.
  const text = capturedMailsTo(demo.observer.email, before).at(-1) ?? "";
  expect(text).toContain(`${baseURL}/mot-de-passe-oublie/`);
  expect(text).not.toContain("attacker.example");
  expect(text).not.toContain(":31337");
});

test("the sign-in return path cannot leave the site, even with a tab in it", async ({ page, baseURL }) => {
  await page.goto("/connexion?retour=%2F%09%2Fevil.example");
  await page.getByLabel("Adresse e-mail").fill(demo.delegate.email);
  await page.getByLabel("Mot de passe", { exact: true }).fill(demo.delegate.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expectSignedIn(page);
  expect(new URL(page.url()).host).toBe(new URL(baseURL!).host);
  expect(new URL(page.url()).pathname).toBe("/");
});

test("pages for a signed-in member and admin pages are never cached", async ({ page, baseURL }) => {
  const anonymous = await raw(baseURL!, { path: "/" });
  expect(anonymous.headers["cache-control"] ?? "").not.toContain("no-store");
  const adminAnonymous = await raw(baseURL!, { path: "/admin/membres" });
  expect(adminAnonymous.headers["cache-control"]).toContain("no-store");

  await signIn(page, demo.admin);
  for (const path of ["/", "/admin/membres", "/compte"]) {
    const response = await page.request.get(path);
    expect(response.headers()["cache-control"], path).toContain("no-store");
  }
});

test("an oversized form body is refused with a French 413 before it is read", async ({ baseURL }) => {
  const response = await raw(baseURL!, {
    method: "POST",
    path: "/mot-de-passe-oublie",
    headers: { Referer: `${baseURL}/`, "Content-Type": "application/x-www-form-urlencoded" },
    body: `email=${"a".repeat(64 * 1024)}`,
  });
  expect(response.status).toBe(413);
  expect(response.body).toContain('lang="fr"');
});

test("a malformed URL gets a French 400 page, not Express's English one", async ({ baseURL }) => {
  const response = await raw(baseURL!, { path: "/%E0%A4%A" });
  expect(response.status).toBe(400);
  expect(response.body).toContain('lang="fr"');
  expect(response.body).not.toContain("Bad Request");
  expect(response.body).not.toContain("at ");
});

test("robots.txt keeps crawlers off members-only pages; the favicon answers", async ({ baseURL }) => {
  const robots = await raw(baseURL!, { path: "/robots.txt" });
  expect(robots.status).toBe(200);
  for (const path of ["/admin", "/compte", "/connexion", "/invitation", "/mot-de-passe-oublie", "/apercu", "/recherche"]) {
    expect(robots.body).toContain(`Disallow: ${path}`);
  }
  expect(robots.body).not.toMatch(/Disallow: \/\s*$/m);
  const favicon = await raw(baseURL!, { path: "/favicon.ico" });
  expect(favicon.status).toBe(200);
  expect(favicon.headers["content-type"]).toMatch(/^image\//);
});
