import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { gunzipSync } from "node:zlib";

import { pageCacheQuery } from "../app/cache/page-cache";
import { hasSessionCookie } from "./http";
import { ConfigError } from "./origin";
import {
  canonicalSearch,
  compressPage,
  hashInlineScripts,
  pageEtag,
  preferredEncoding,
  type CachedPage,
  type PageStore,
} from "./page-store";
import { sendHandledResponse, type HandleRemixRequest } from "./remix-adapter";
import type { RouteMatcher } from "./routes";
import { hashedContentSecurityPolicy } from "./security";

/**
 * The shared page cache, in front of Remix: visitors (no session cookie) asking for a page whose
 * route opts in (`handle: cachedForVisitors([...])`, app/cache/page-cache.ts) get the whole page
 * from memory; a miss renders it once from its canonical URL (path + the parameters the page
 * reads), without cookies, and stores it compressed. Every write that changes such pages clears
 * the cache through LISTEN/NOTIFY (migration 022, app/cache/invalidation.server.ts); before a hit,
 * `barrier()` makes sure every notification committed before the request arrived has been heard.
 * See docs/decisions/006-page-cache.md.
 */

export interface CacheableRoute {
  routeId: string;
  query: readonly string[];
}

export interface PageCacheOptions {
  store: PageStore;
  /** The route of a path and the parameters its page reads, or null when it does not opt in. */
  routeFor: (pathname: string) => CacheableRoute | null;
  /** Resolves once every invalidation committed before the call has been applied; rejects when unsure. */
  barrier: () => Promise<void>;
  handle: HandleRemixRequest;
  loadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
  development?: boolean;
}

/** A database that stopped answering (not closed: a partition) must not hold visitors up. */
const BARRIER_TIMEOUT_MS = 2_000;

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error("barrier timeout")), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A fixed allowance per entry for its key, headers and bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 512;

/** Request headers a shared page must not depend on. */
const PERSONAL_HEADERS = new Set(["cookie", "authorization", "if-none-match", "if-modified-since", "range", "if-range"]);

export function pageCache({ store, routeFor, barrier, handle, loadContext, development = false }: PageCacheOptions): RequestHandler {
  // Renders in progress, so that the visitors who miss the same page together (after a clear, all
  // of them) wait for one render instead of each starting their own. Forgotten on a clear: who
  // arrives after it must not get a render that may have read the rows before the write.
  const rendering = new Map<string, Promise<CachedPage | null>>();
  let renderingGeneration = store.generation;
  const renderingNow = () => {
    if (renderingGeneration !== store.generation) {
      rendering.clear();
      renderingGeneration = store.generation;
    }
    return rendering;
  };

  return async (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || hasSessionCookie(req) || hasVisitorPreference(req) || req.path.endsWith(".data")) {
      next();
      return;
    }
    const route = routeFor(req.path);
    if (!route) {
      next();
      return;
    }
    try {
      await withTimeout(barrier(), BARRIER_TIMEOUT_MS);
    } catch {
      // Not sure to have heard every write (the LISTEN connection is down): Remix, no cache.
      next();
      return;
    }
    const questionMark = req.originalUrl.indexOf("?");
    const search = canonicalSearch(questionMark < 0 ? "" : req.originalUrl.slice(questionMark), route.query);
    const key = `${req.path}${search}`;
    const target = renderUrl(req, res, key);
    if (!target) {
      next(); // A malformed target: the adapter answers it (400).
      return;
    }
    res.locals.routeId = route.routeId;
    const cached = store.get(key);
    if (cached) {
      sendPage(req, res, cached, "hit");
      return;
    }
    const pending = renderingNow().get(key);
    const shared = pending ? await pending : null;
    if (shared) {
      sendPage(req, res, shared, "hit");
      return;
    }
    let settle: (page: CachedPage | null) => void = () => undefined;
    const mine = pending ? undefined : new Promise<CachedPage | null>((resolve) => (settle = resolve));
    if (mine) renderingNow().set(key, mine);
    try {
      const generation = store.generation;
      const context = loadContext(req, res);
      const response = await handle(renderRequest(req, res, target), context);
      const body = Buffer.from(await response.arrayBuffer());
      const page = cacheablePage(response, body, context, route.routeId, development);
      settle(page);
      if (!page) {
        await sendHandledResponse(res, new Response(nullBodyStatus(response.status) ? null : body, response), context);
        return;
      }
      store.set(key, { ...page, bytes: page.bytes + key.length + ENTRY_OVERHEAD_BYTES }, generation);
      sendPage(req, res, page, "miss");
    } catch (error) {
      settle(null);
      next(error);
    } finally {
      if (mine && rendering.get(key) === mine) rendering.delete(key);
    }
  };
}

function nullBodyStatus(status: number): boolean {
  return status === 204 || status === 205 || status === 304;
}

function renderUrl(req: ExpressRequest, res: ExpressResponse, pathAndSearch: string): string | null {
  try {
    return new URL(`${req.protocol}://${String(res.locals.host)}${pathAndSearch}`).href;
  } catch {
    return null;
  }
}

/** The page as any visitor would get it: the canonical URL, no cookie, no conditional headers. */
function renderRequest(req: ExpressRequest, res: ExpressResponse, url: string): Request {
  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headers)) {
    if (values === undefined || PERSONAL_HEADERS.has(name)) continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(name, value);
  }
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return new Request(url, { method: "GET", headers, signal: controller.signal });
}

/** A complete 200 HTML page that sets no cookie and did not refuse caching, ready to share; else null. */
function cacheablePage(response: Response, body: Buffer, context: AppLoadContext, routeId: string, development: boolean): CachedPage | null {
  const type = response.headers.get("content-type") ?? "";
  if (response.status !== 200 || !type.startsWith("text/html") || response.headers.has("set-cookie")) return null;
  if (/no-store|private/i.test(response.headers.get("cache-control") ?? "")) return null;
  const { html, hashes } = hashInlineScripts(body.toString("utf8"), String(context.cspNonce));
  const shared = Buffer.from(html, "utf8");
  const headers = [...response.headers.entries()].filter(([name]) => !SKIPPED_RESPONSE_HEADERS.has(name.toLowerCase()));
  return {
    status: 200,
    headers,
    csp: hashedContentSecurityPolicy(hashes, { development }),
    etag: pageEtag(shared),
    ...compressPage(shared),
    storedAt: 0,
    routeId,
  };
}

const SKIPPED_RESPONSE_HEADERS = new Set(["set-cookie", "content-length", "content-encoding", "etag", "cache-control", "vary", "date"]);

function sendPage(req: ExpressRequest, res: ExpressResponse, page: CachedPage, state: "hit" | "miss"): void {
  for (const [name, value] of page.headers) res.setHeader(name, value);
  res.setHeader("Content-Security-Policy", page.csp);
  res.setHeader("ETag", page.etag);
  // Never in a shared cache (a proxy would not know a member from a visitor); the browser revalidates.
  res.setHeader("Cache-Control", "private, no-cache");
  res.setHeader("Vary", "Accept-Encoding, Cookie");
  res.setHeader("X-Page-Cache", state);
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.status(page.status);
  let body: Buffer;
  if (page.identity) body = page.identity;
  else {
    const encoding = preferredEncoding(req.get("accept-encoding"));
    // Browsers all accept gzip: decompressing for the odd client costs less than keeping the HTML too.
    body = encoding === "br" ? page.br! : encoding === "gzip" ? page.gzip! : gunzipSync(page.gzip!);
    if (encoding) res.setHeader("Content-Encoding", encoding);
  }
  res.setHeader("Content-Length", body.length);
  res.end(req.method === "HEAD" ? undefined : body);
}

/** `routeFor` over the build's routes: a route opts in with `handle: cachedForVisitors([...])`. */
export function cacheableRoutes(routes: ServerBuild["routes"], matchRoute: RouteMatcher): (pathname: string) => CacheableRoute | null {
  // Matching is the costly part of a hit: remember the answer per path (bounded, dropped when full).
  const known = new Map<string, CacheableRoute | null>();
  return (pathname) => {
    let route = known.get(pathname);
    if (route === undefined) {
      const { routeId } = matchRoute(pathname);
      const query = pageCacheQuery(routes[routeId]?.module.handle);
      route = query ? { routeId, query } : null;
      if (known.size >= 10_000) known.clear();
      known.set(pathname, route);
    }
    return route;
  };
}

export const DEFAULT_PAGE_CACHE_MB = 64;
export const PAGE_MAX_AGE_MS = 60_000;

/** `PAGE_CACHE_MB` (default 64; 0 turns the cache off) in bytes; throws `ConfigError` when it is not a number. */
export function pageCacheBytes(value: string | undefined): number {
  const text = value?.trim() || String(DEFAULT_PAGE_CACHE_MB);
  const megabytes = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(megabytes)) {
    throw new ConfigError(`PAGE_CACHE_MB invalide / invalid: « ${value} » (un nombre de mégaoctets, 0 pour désactiver le cache)`);
  }
  return Math.floor(megabytes * 1024 * 1024);
}

/**
 * A visitor who chose the compact density of lists (cookie `densite`, app/forum/density.server.ts)
 * gets pages rendered for them: the cache holds the default rendering only.
 */
function hasVisitorPreference(req: ExpressRequest): boolean {
  return /(?:^|;\s*)densite=compacte(?:;|$)/.test(req.get("cookie") ?? "");
}
