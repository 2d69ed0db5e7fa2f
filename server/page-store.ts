import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/**
 * The shared page cache's memory: whole visitor pages, compressed once when stored, in an LRU
 * bounded by bytes. `clear()` bumps a generation: a page whose rendering began before a clear is
 * not stored (it may have read the database before the write that caused the clear).
 * See docs/decisions/006-page-cache.md.
 */

/** Pages up to this size go out as they are: compressing them gains nothing worth the CPU. */
export const COMPRESS_OVER_BYTES = 1024;

export interface CachedPage {
  status: number;
  /** The page's own headers (Content-Type…), without cookies, lengths or the CSP. */
  headers: [string, string][];
  /** The CSP for this page: its inline scripts allowed by hash, not by a per-request nonce. */
  csp: string;
  etag: string;
  /** The HTML as is, kept only for small pages; larger ones are kept compressed. */
  identity: Buffer | null;
  br: Buffer | null;
  gzip: Buffer | null;
  bytes: number;
  storedAt: number;
  routeId: string;
}

export interface PageStoreOptions {
  maxBytes: number;
  maxAgeMs: number;
  now?: () => number;
}

export class PageStore {
  private readonly pages = new Map<string, CachedPage>();
  private total = 0;
  generation = 0;
  readonly maxBytes: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor({ maxBytes, maxAgeMs, now = Date.now }: PageStoreOptions) {
    this.maxBytes = maxBytes;
    this.maxAgeMs = maxAgeMs;
    this.now = now;
  }

  get size(): number {
    return this.pages.size;
  }

  get bytes(): number {
    return this.total;
  }

  get(key: string): CachedPage | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    this.pages.delete(key);
    if (this.now() - page.storedAt > this.maxAgeMs) {
      this.total -= page.bytes;
      return undefined;
    }
    // Most recently used last: eviction takes from the front.
    this.pages.set(key, page);
    return page;
  }

  /** Stores `page` unless a clear happened since `generation` was read (the rendering's start). */
  set(key: string, page: CachedPage, generation: number): boolean {
    if (generation !== this.generation || page.bytes > this.maxBytes) return false;
    page.storedAt = this.now();
    const previous = this.pages.get(key);
    if (previous) {
      this.pages.delete(key);
      this.total -= previous.bytes;
    }
    this.pages.set(key, page);
    this.total += page.bytes;
    for (const [oldest, old] of this.pages) {
      if (this.total <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.total -= old.bytes;
    }
    return true;
  }

  clear(): void {
    this.generation++;
    this.pages.clear();
    this.total = 0;
  }
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/g;

/**
 * Turns a page rendered for one request (its inline scripts carrying that request's nonce) into a
 * page for everyone: the nonce attributes removed and each of those scripts allowed by its SHA-256
 * instead. Only scripts that carried the render's nonce are hashed, so markup injected into a post
 * would still be refused, as it is under the nonce.
 */
export function hashInlineScripts(html: string, nonce: string): { html: string; hashes: string[] } {
  const attribute = ` nonce="${nonce}"`;
  const hashes = new Set<string>();
  for (const [, attributes, content] of html.matchAll(SCRIPT)) {
    if (!attributes!.includes(attribute) || /\bsrc=/.test(attributes!)) continue;
    hashes.add(`'sha256-${createHash("sha256").update(content!).digest("base64")}'`);
  }
  return { html: html.replaceAll(attribute, ""), hashes: [...hashes] };
}

export function compressPage(body: Buffer): Pick<CachedPage, "identity" | "br" | "gzip" | "bytes"> {
  if (body.length <= COMPRESS_OVER_BYTES) return { identity: body, br: null, gzip: null, bytes: body.length };
  // Quality 5: within 1 % of quality 9's size at a tenth of its time (a 16 KB thread page: 1.3 ms).
  const br = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  const gzip = gzipSync(body, { level: 6 });
  return { identity: null, br, gzip, bytes: br.length + gzip.length };
}

export function pageEtag(body: Buffer): string {
  return `W/"${createHash("sha1").update(body).digest("base64url")}"`;
}

/** The query string of a cache key: only the parameters the page reads, in a fixed order. */
export function canonicalSearch(search: string, names: readonly string[]): string {
  if (!search || names.length === 0) return "";
  const params = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const name of names) for (const value of params.getAll(name)) kept.append(name, value);
  const text = kept.toString();
  return text ? `?${text}` : "";
}

export type Encoding = "br" | "gzip";

/** The encoding to send for an `Accept-Encoding` header: the first of `order` it accepts, else none. */
export function preferredEncoding(header: string | undefined, order: readonly Encoding[] = ["br", "gzip"]): Encoding | null {
  if (!header) return null;
  const quality = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...parameters] = part.trim().toLowerCase().split(";");
    const q = parameters.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) quality.set(name, q === undefined ? 1 : Number(q));
  }
  const accepts = (encoding: Encoding) => (quality.get(encoding) ?? quality.get("*") ?? 0) > 0;
  return order.find(accepts) ?? null;
}
