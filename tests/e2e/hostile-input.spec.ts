import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";

import { demo } from "./support/accounts";

/**
 * Walks EVERY route of `app/routes/` (enumerated from the files, so a new route is covered without
 * touching this test) with hostile values in each path parameter and in each query parameter the
 * route reads, as a visitor and as a signed-in moderator. No answer may be a 5xx, and every HTML
 * answer must be a page of the site's French layout (never a bare text or an English page).
 */

const routesDir = join(import.meta.dirname, "..", "..", "app", "routes");

interface RouteShape {
  file: string;
  /** URL segments; a parameter is `{name}`, the splat `{*}`. */
  segments: string[];
  params: string[];
  queryNames: string[];
}

/** Remix v2 flat routes: dots separate segments, `$x` is a parameter, `_index` the index, `x_` opts out of nesting. */
export function routeShape(file: string, source: string): RouteShape {
  const name = file.replace(/\.(tsx|ts)$/, "");
  const segments: string[] = [];
  const params: string[] = [];
  for (const raw of name.split(".")) {
    if (raw === "_index" || raw.startsWith("_")) continue;
    const part = raw.endsWith("_") ? raw.slice(0, -1) : raw;
    if (part === "$") {
      segments.push("{*}");
      params.push("*");
    } else if (part.startsWith("$")) {
      segments.push(`{${part.slice(1)}}`);
      params.push(part.slice(1));
    } else {
      segments.push(part);
    }
  }
  return { file, segments, params, queryNames: queryNamesOf(source) };
}

/** Query names the route reads, in its own source and in the app modules it imports (one level). */
function queryNamesOf(source: string): string[] {
  const sources = [source];
  for (const match of source.matchAll(/from "~\/([^"]+)"/g)) {
    for (const ext of [".ts", ".tsx"]) {
      try {
        sources.push(readFileSync(join(routesDir, "..", match[1]! + ext), "utf8"));
        break;
      } catch {
        // not this extension
      }
    }
  }
  const names = new Set(["page", "apres", "q", "type"]);
  for (const text of sources) {
    for (const match of text.matchAll(/(?:searchParams|params)\.get(?:All)?\(\s*"([a-z][a-zA-Z]*)"\s*\)/g)) names.add(match[1]!);
  }
  return [...names];
}

const b64 = (text: string) => Buffer.from(text).toString("base64url");

/** For path and query parameters alike. */
const hostile = [
  "%00",
  "x".repeat(10_000),
  "%E0%A4%A",
  "-1",
  "99999999999999999999",
  "1e9",
  "%C3%A9t%C3%A9%20%F0%9F%98%80%E2%80%AE",
];
/** Query parameters only: tampered list cursors. */
const hostileQuery = [b64("foo 2024|1"), b64("2024-02-30|1")];

const routes = readdirSync(routesDir)
  .filter((f) => /\.(tsx|ts)$/.test(f) && !f.includes(".test."))
  .map((f) => routeShape(f, readFileSync(join(routesDir, f), "utf8")));

async function contextFor(baseURL: string, account?: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  if (account) {
    const response = await context.post("/connexion", { form: account, maxRedirects: 0 });
    expect(response.status(), `sign-in of ${account.email}`).toBe(302);
  }
  return context;
}

/** Real values for the parameters a hostile value does not replace, found on the demo's pages. */
async function saneValues(context: APIRequestContext): Promise<Record<string, string>> {
  const home = await (await context.get("/")).text();
  const ref = home.match(/href="\/fils\/(\d+-[a-z0-9-]+)"/)?.[1] ?? "1";
  const thread = await (await context.get(`/fils/${ref}`)).text();
  const postId = thread.match(/id="message-(\d+)"/)?.[1] ?? "1";
  return { ref, postId, id: "1", token: "inconnu", slug: "ile-de-france", "*": "nulle-part" };
}

function pathOf(route: RouteShape, values: Record<string, string>): string {
  const path = route.segments.map((s) => (s.startsWith("{") ? values[s.slice(1, -1)] ?? "1" : s)).join("/");
  return `/${path}`;
}

test("every route answers hostile parameters without a 5xx, in the French layout", async ({ baseURL }) => {
  // About 60 routes × 7 values × their parameters, as a visitor and as a moderator.
  test.setTimeout(360_000);
  expect(routes.length).toBeGreaterThan(20);
  const failures: string[] = [];
  const started = Date.now();
  let count = 0;
  for (const [who, account] of [["anonymous", undefined], ["moderator", demo.moderator]] as const) {
    const context = await contextFor(baseURL!, account);
    const sane = await saneValues(context);
    const urls: string[] = [];
    for (const route of routes) {
      const slug = route.file.startsWith("thematiques") ? "gouvernance" : sane.slug!;
      const base = { ...sane, slug };
      for (const value of hostile) {
        for (const param of route.params) urls.push(pathOf(route, { ...base, [param]: value }));
      }
      for (const value of [...hostile, ...hostileQuery]) {
        // Every parameter the route reads at once (one at a time for the overlong value, which
        // would otherwise pass Node's 16 KB limit on request heads: a 431 before the app).
        if (value.length > 1000) for (const name of route.queryNames) urls.push(`${pathOf(route, base)}?${name}=${value}`);
        else urls.push(`${pathOf(route, base)}?${route.queryNames.map((name) => `${name}=${value}`).join("&")}`);
      }
    }
    // `/direct` streams events for as long as the client stays: without a thread (`fil`) a member gets
    // their own stream, which never ends. Its hostile values are those that carry a `fil`.
    const walked = urls.filter((url) => !url.startsWith("/direct") || url.includes("fil="));
    urls.length = 0;
    urls.push(...walked);
    count += urls.length;
    // A few at a time: quick, without flooding the one embedded connection.
    for (let i = 0; i < urls.length; i += 8) {
      await Promise.all(
        urls.slice(i, i + 8).map(async (url) => {
          // Redirects are followed (the target must hold too), except the sign-in page's.
          let response = await context.get(url, { maxRedirects: 0 });
          const location = response.headers()["location"] ?? "";
          if (response.status() >= 300 && response.status() < 400 && !location.startsWith("/connexion")) {
            response = await context.get(location, { maxRedirects: 5 });
          }
          const status = response.status();
          const type = response.headers()["content-type"] ?? "";
          const body = await response.text();
          const label = `${who} GET ${url.slice(0, 120)} → ${status}`;
          if (status >= 500) failures.push(label);
          else if (isBadPathEncoding(url)) return; // refused by the HTTP server before the app (server/)
          else if (type.startsWith("text/html") && !body.includes('<html lang="fr"')) failures.push(`${label}: not the French layout`);
          // Machine endpoints (Atom feeds for feed readers, the EventSource stream) answer their errors in plain text.
          else if (status >= 400 && !type.startsWith("text/html") && !type.startsWith("application/json") && !/^\/(flux\/|direct\b)/.test(url)) {
            failures.push(`${label}: bare ${type}`);
          }
        }),
      );
    }
    await context.dispose();
  }
  expect(failures).toEqual([]);
  console.log(`hostile walk: ${routes.length} routes, ${count} requests in ${Date.now() - started} ms`);
});

test.describe("the bad inputs of issue 8 get a 400 or 404 in the French layout", () => {
  const cases: [string, number][] = [
    ["/collectivites/%00", 404],
    ["/thematiques/%00", 404],
    [`/?apres=${b64("foo 2024|1")}`, 200],
    [`/?apres=${b64("2024-02-30|1")}`, 200],
    ["/messages/999999", 404],
    ["/messages/99999999999999999999", 404],
  ];
  for (const [path, status] of cases) {
    test(`GET ${path} → ${status}`, async ({ request }) => {
      const response = await request.get(path);
      expect(response.status()).toBe(status);
      expect(response.headers()["content-type"]).toContain("text/html");
      expect(await response.text()).toContain('<html lang="fr"');
    });
  }

  test("a wrong slug in a nested URL keeps the nested path, and a missing post is a 404", async ({ request }) => {
    const home = await (await request.get("/")).text();
    const ref = home.match(/href="\/fils\/(\d+)-([a-z0-9-]+)"/)!;
    const redirected = await request.get(`/fils/${ref[1]}/messages/999999/historique`, { maxRedirects: 0 });
    expect(redirected.status()).toBe(301);
    expect(redirected.headers()["location"]).toBe(`/fils/${ref[1]}-${ref[2]}/messages/999999/historique`);
    const response = await request.get(`/fils/${ref[1]}/messages/999999/historique`);
    expect(response.status()).toBe(404);
    expect(await response.text()).toContain("Page introuvable");
  });
});

/** A malformed percent-encoding in the path itself is answered by Express before Remix sees it. */
function isBadPathEncoding(url: string): boolean {
  const path = url.split("?")[0]!;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}
