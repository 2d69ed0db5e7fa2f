/**
 * A page that visitors may be served from the shared page cache (`server/page-cache.ts`) says so in
 * its route's `handle`, with the query parameters its loader reads: the cache keys a page by its
 * path and those parameters only, and renders it from that canonical URL, so `?x=1` or a tracking
 * parameter neither creates an entry nor reaches the page. Members (a session cookie) never use
 * the cache. See docs/decisions/006-page-cache.md.
 */
export interface PageCacheHandle {
  pageCache: { query: readonly string[] };
}

export function cachedForVisitors(query: readonly string[] = []): PageCacheHandle {
  return { pageCache: { query } };
}

/** The `query` a route's `handle` declares, or null when the route does not opt in. */
export function pageCacheQuery(handle: unknown): readonly string[] | null {
  const pageCache = (handle as Partial<PageCacheHandle> | null | undefined)?.pageCache;
  return pageCache && Array.isArray(pageCache.query) ? pageCache.query : null;
}
