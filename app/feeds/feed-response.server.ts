import { createHash } from "node:crypto";

import type { FeedDocument } from "./feeds.server";

/**
 * An Atom document as an HTTP answer, with validators: a strong ETag (the body's hash) and
 * Last-Modified (the feed's `updated`), so feed readers polling an unchanged feed get a 304 with
 * no body. Public feeds may be kept a minute by caches; a personal feed is private.
 */

export const ATOM_TYPE = "application/atom+xml; charset=utf-8";

function httpDate(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toUTCString();
}

function matches(ifNoneMatch: string, etag: string): boolean {
  return ifNoneMatch
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etag);
}

export function atomResponse(request: Request, feed: FeedDocument, { personal = false } = {}): Response {
  const etag = `"${createHash("sha256").update(feed.xml).digest("base64url").slice(0, 32)}"`;
  const headers = new Headers({
    ETag: etag,
    "Last-Modified": httpDate(feed.updated),
    "Cache-Control": personal ? "private, no-cache" : "public, max-age=60",
    // A personal feed's address is a secret: never sent on as a Referer from links in a reader.
    ...(personal ? { "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex" } : {}),
  });
  const ifNoneMatch = request.headers.get("if-none-match");
  const ifModifiedSince = request.headers.get("if-modified-since");
  let fresh = false;
  if (ifNoneMatch !== null) fresh = matches(ifNoneMatch, etag);
  else if (ifModifiedSince !== null) {
    const since = Date.parse(ifModifiedSince);
    fresh = !Number.isNaN(since) && Math.floor(feed.updated.getTime() / 1000) * 1000 <= since;
  }
  if (fresh) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", ATOM_TYPE);
  return new Response(request.method === "HEAD" ? null : feed.xml, { status: 200, headers });
}

/** What a feed reader (or a person) gets for an unknown, revoked or forged feed address. */
export function feedNotFound(): Response {
  return new Response("Flux introuvable : l'adresse est inconnue, a été révoquée ou n'est plus valable.\n", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex" },
  });
}
