import { createHash } from "node:crypto";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

import type { AppLoadContext } from "@remix-run/node";
import { afterEach, describe, expect, it } from "vitest";

import { createApp, serverConfig } from "./app";
import { pageCacheBytes } from "./page-cache";
import { canonicalSearch, PageStore, preferredEncoding } from "./page-store";

/**
 * The page cache in the real Express stack, with a stand-in for Remix that renders a page with a
 * nonce'd inline script and counts its renders.
 */

interface Rendered {
  url: string;
  cookie: string | null;
}

interface Harness {
  port: number;
  store: PageStore;
  rendered: Rendered[];
  barrier: { fail: boolean };
}

let running: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => running?.close(resolve) ?? resolve(undefined));
  running = undefined;
});

type Reply = (request: Request, context: AppLoadContext) => Response | Promise<Response>;

function page(request: Request, context: AppLoadContext, size = 4000): Response {
  const url = new URL(request.url);
  const filler = "<p>Bonjour les collectivités</p>".repeat(Math.ceil(size / 32));
  const html =
    `<!DOCTYPE html><html><head><script nonce="${String(context.cspNonce)}">window.__page=${JSON.stringify(url.pathname + url.search)}</script></head>` +
    `<body><main>${url.pathname}${url.search}${filler}</main><script>injected()</script></body></html>`;
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function start({ maxBytes = 1024 * 1024, reply = page as Reply, now }: { maxBytes?: number; reply?: Reply; now?: () => number } = {}): Promise<Harness> {
  const server = createServer();
  running = server;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const store = new PageStore({ maxBytes, maxAgeMs: 60_000, now });
  const rendered: Rendered[] = [];
  const barrier = { fail: false };
  const app = createApp({
    config: serverConfig({ PORT: String(port) }),
    handle: async (request, context) => {
      rendered.push({ url: request.url, cookie: request.headers.get("cookie") });
      return reply(request, context);
    },
    pageCache: {
      store,
      barrier: () => (barrier.fail ? Promise.reject(new Error("down")) : Promise.resolve()),
      routeFor: (pathname) =>
        pathname === "/" || pathname.startsWith("/fils/") ? { routeId: "routes/page", query: ["page", "tri"] } : null,
    },
  });
  server.on("request", app);
  return { port, store, rendered, barrier };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method, headers: { Host: `localhost:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

function html(answer: Answer): string {
  const encoding = answer.headers["content-encoding"];
  if (encoding === "br") return brotliDecompressSync(answer.body).toString("utf8");
  if (encoding === "gzip") return gunzipSync(answer.body).toString("utf8");
  return answer.body.toString("utf8");
}

describe("page cache", () => {
  it("renders a page once and then serves it from memory, the same bytes to every visitor", async () => {
    const { port, rendered } = await start();
    const first = await get(port, "/fils/1-un");
    const second = await get(port, "/fils/1-un");
    expect(first.status).toBe(200);
    expect(first.headers["x-page-cache"]).toBe("miss");
    expect(second.headers["x-page-cache"]).toBe("hit");
    expect(html(second)).toBe(html(first));
    expect(rendered).toHaveLength(1);
    expect(second.headers["cache-control"]).toBe("private, no-cache");
  });

  it("keys a page by its path and the parameters it reads only, and renders it from that canonical URL", async () => {
    const { port, rendered, store } = await start();
    for (let i = 0; i < 200; i++) await get(port, `/?x=${i}&utm_source=lettre`);
    await get(port, "/?tri=nom&page=2&x=9");
    await get(port, "/?page=2&tri=nom");
    expect(rendered.map((r) => new URL(r.url).search)).toEqual(["", "?page=2&tri=nom"]);
    expect(store.size).toBe(2);
    expect(html(await get(port, "/?x=<script>"))).not.toContain("x=");
  });

  it("stays within its bytes under a flood of distinct pages, dropping the least recently used", async () => {
    const { port, store } = await start({ maxBytes: 20_000 });
    await get(port, "/?page=keep");
    for (let i = 0; i < 300; i++) {
      if (i % 10 === 0) expect((await get(port, "/?page=keep")).headers["x-page-cache"]).toBe("hit");
      await get(port, `/?page=${i}`);
      expect(store.bytes).toBeLessThanOrEqual(20_000);
    }
    expect(store.size).toBeGreaterThan(1);
    expect((await get(port, "/?page=0")).headers["x-page-cache"]).toBe("miss");
  });

  it("never gives a member a cached page nor caches a member's page; a cookie-less visitor's render carries no cookie", async () => {
    const { port, rendered, store } = await start({
      reply: (request, context) =>
        request.headers.get("cookie")?.includes("openent_session")
          ? new Response(`<html><body>page de ${request.headers.get("cookie")}</body></html>`, { headers: { "Content-Type": "text/html" } })
          : page(request, context),
    });
    await get(port, "/");
    const member = await get(port, "/", { Cookie: "openent_session=secret-a" });
    expect(html(member)).toContain("page de openent_session=secret-a");
    expect(member.headers["x-page-cache"]).toBeUndefined();
    expect(member.headers["cache-control"]).toBe("no-store");
    // An expired or forged cookie is still a cookie: Remix answers (as a visitor), nothing is stored.
    await get(port, "/fils/2", { Cookie: "openent_session=expired" });
    expect(store.size).toBe(1);
    const visitor = await get(port, "/fils/3", { Cookie: "openent_device=1.abc.def" });
    expect(html(visitor)).not.toContain("page de");
    expect(rendered.at(-1)!.cookie).toBeNull();
  });

  it("renders for a visitor who chose compact lists (their cookie), and stores nothing of it", async () => {
    const { port, rendered, store } = await start();
    await get(port, "/");
    const compact = await get(port, "/", { Cookie: "densite=compacte" });
    expect(compact.headers["x-page-cache"]).toBeUndefined();
    expect(rendered.at(-1)!.cookie).toBe("densite=compacte");
    expect(store.size).toBe(1);
    // The default density is the cached one.
    expect((await get(port, "/", { Cookie: "densite=normale" })).headers["x-page-cache"]).toBe("hit");
  });

  it("answers a conditional GET with 304 when the page has not changed", async () => {
    const { port } = await start();
    const first = await get(port, "/");
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await get(port, "/", { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect((await get(port, "/", { "If-None-Match": 'W/"autre"' })).status).toBe(200);
  });

  it("sends brotli or gzip as negotiated, decompresses for clients that accept neither, and leaves small pages alone", async () => {
    const { port } = await start({ reply: (request, context) => page(request, context, new URL(request.url).pathname === "/fils/petit" ? 100 : 20_000) });
    const br = await get(port, "/", { "Accept-Encoding": "gzip, deflate, br" });
    const gzip = await get(port, "/", { "Accept-Encoding": "gzip" });
    const identity = await get(port, "/", {});
    const refused = await get(port, "/", { "Accept-Encoding": "br;q=0, gzip;q=0" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(identity.headers["content-encoding"]).toBeUndefined();
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(br.body.length).toBeLessThan(identity.body.length / 5);
    expect(html(br)).toBe(identity.body.toString("utf8"));
    expect(html(gzip)).toBe(identity.body.toString("utf8"));
    expect(br.headers.vary).toContain("Accept-Encoding");
    const small = await get(port, "/fils/petit", { "Accept-Encoding": "br" });
    expect(small.headers["content-encoding"]).toBeUndefined();
  });

  it("allows the page's own inline scripts by hash, not another request's nonce, and not injected ones", async () => {
    const { port } = await start();
    const answer = await get(port, "/fils/9");
    const csp = answer.headers["content-security-policy"] as string;
    const text = html(answer);
    expect(csp).not.toContain("nonce-");
    expect(text).not.toContain("nonce=");
    const own = /<script>(window\.__page=[^<]*)<\/script>/.exec(text)![1]!;
    expect(csp).toContain(`'sha256-${createHash("sha256").update(own).digest("base64")}'`);
    expect(csp).not.toContain(createHash("sha256").update("injected()").digest("base64"));
    expect(csp).toMatch(/script-src 'self' 'sha256-[^']+'; style-src 'self'/);
  });

  it("drops everything on clear, and never stores a page whose rendering began before the clear", async () => {
    let release: (() => void) | undefined;
    const { port, store } = await start({
      reply: async (request, context) => {
        if (new URL(request.url).pathname === "/fils/lent" && !release) await new Promise<void>((resolve) => (release = resolve));
        return page(request, context);
      },
    });
    await get(port, "/");
    store.clear();
    expect((await get(port, "/")).headers["x-page-cache"]).toBe("miss");
    const slow = get(port, "/fils/lent");
    await expect.poll(() => release).toBeDefined();
    store.clear();
    release!();
    expect((await slow).status).toBe(200);
    expect((await get(port, "/fils/lent")).headers["x-page-cache"]).toBe("miss");
  });

  it("serves from Remix without storing while it cannot be sure to have heard every write", async () => {
    const { port, store, barrier, rendered } = await start();
    await get(port, "/");
    barrier.fail = true;
    expect((await get(port, "/")).headers["x-page-cache"]).toBeUndefined();
    expect((await get(port, "/fils/5")).status).toBe(200);
    expect(store.size).toBe(1);
    expect(rendered).toHaveLength(3);
  });

  it("keeps out pages that do not opt in, errors, pages setting a cookie or refusing storage, and expired ones", async () => {
    let clock = 0;
    const { port, store } = await start({
      now: () => clock,
      reply: (request, context) => {
        const path = new URL(request.url).pathname;
        if (path === "/fils/absent") return new Response("<html>introuvable</html>", { status: 404, headers: { "Content-Type": "text/html" } });
        if (path === "/fils/cookie") return new Response("<html>x</html>", { headers: { "Content-Type": "text/html", "Set-Cookie": "a=b" } });
        if (path === "/fils/prive") return new Response("<html>x</html>", { headers: { "Content-Type": "text/html", "Cache-Control": "no-store" } });
        return page(request, context);
      },
    });
    for (const path of ["/recherche", "/fils/absent", "/fils/cookie", "/fils/prive", "/fils/1.data"]) await get(port, path);
    expect(store.size).toBe(0);
    expect((await get(port, "/fils/absent")).status).toBe(404);
    await get(port, "/");
    clock = 59_000;
    expect((await get(port, "/")).headers["x-page-cache"]).toBe("hit");
    clock = 120_001;
    expect((await get(port, "/")).headers["x-page-cache"]).toBe("miss");
  });

  it("lets visitors who miss the same page together share one render, but not across a clear", async () => {
    let release: (() => void) | undefined;
    const { port, rendered, store } = await start({
      reply: async (request, context) => {
        if (!release) await new Promise<void>((resolve) => (release = resolve));
        return page(request, context);
      },
    });
    const together = Array.from({ length: 10 }, () => get(port, "/fils/7"));
    await expect.poll(() => release).toBeDefined();
    await expect.poll(() => rendered.length).toBe(1);
    release!();
    const answers = await Promise.all(together);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => html(a))).size).toBe(1);
    expect(rendered).toHaveLength(1);
    // A clear while rendering: a visitor arriving after it starts a render of its own.
    release = undefined;
    const before = get(port, "/fils/8");
    await expect.poll(() => release).toBeDefined();
    const unblock = release!;
    release = () => undefined; // the next render does not wait
    store.clear();
    const after = get(port, "/fils/8");
    await expect.poll(() => rendered.length).toBe(3);
    unblock();
    expect((await before).status).toBe(200);
    expect((await after).status).toBe(200);
  });

  it("answers HEAD from the cache with the headers only", async () => {
    const { port } = await start();
    await get(port, "/");
    const head = await get(port, "/", {}, "HEAD");
    expect(head.headers["x-page-cache"]).toBe("hit");
    expect(head.body.length).toBe(0);
  });
});

describe("page cache helpers", () => {
  it("keeps the parameters a page reads, in a fixed order, every value", () => {
    expect(canonicalSearch("?b=2&x=1&a=1&a=3", ["a", "b"])).toBe("?a=1&a=3&b=2");
    expect(canonicalSearch("?x=1", ["a"])).toBe("");
    expect(canonicalSearch("", ["a"])).toBe("");
  });

  it("prefers brotli, then gzip, honouring q=0 and *", () => {
    expect(preferredEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(preferredEncoding("gzip")).toBe("gzip");
    expect(preferredEncoding("br;q=0, gzip;q=0.5")).toBe("gzip");
    expect(preferredEncoding("*")).toBe("br");
    expect(preferredEncoding("identity")).toBeNull();
    expect(preferredEncoding(undefined)).toBeNull();
  });

  it("reads PAGE_CACHE_MB", () => {
    expect(pageCacheBytes(undefined)).toBe(64 * 1024 * 1024);
    expect(pageCacheBytes("0")).toBe(0);
    expect(pageCacheBytes("1.5")).toBe(1.5 * 1024 * 1024);
    expect(() => pageCacheBytes("beaucoup")).toThrow(/PAGE_CACHE_MB/);
    expect(() => pageCacheBytes("-1")).toThrow(/PAGE_CACHE_MB/);
  });
});
