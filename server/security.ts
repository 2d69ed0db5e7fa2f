import { randomBytes } from "node:crypto";

import type { NextFunction, Request, Response } from "express";

import { sendFrenchPage } from "./pages";

/**
 * HTTP-level defences applied to every request before Remix sees it. Kept free of Remix and of the
 * database so they are cheap and testable on their own.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence: a state-changing request must say it comes from one of our pages (the configured
 * origin, never the request's own Host), through `Origin`
 * or, failing that, `Referer`. A request carrying neither is refused too: every browser we support
 * sends `Origin` on form posts.
 */
export function isSameOriginRequest(
  method: string,
  headers: { origin?: string | undefined; referer?: string | undefined },
  allowedOrigins: readonly string[],
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const claimed = headers.origin ?? originOf(headers.referer);
  return claimed !== undefined && claimed !== "null" && allowedOrigins.includes(claimed);
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Refuses (403, a French page) state-changing requests that do not come from the configured
 * origin(s). `exempt` paths are those whose POST is authorized by a secret in the URL itself and
 * must work from elsewhere: RFC 8058 one-click unsubscribe, posted by mail providers' servers.
 */
export function sameOriginGuard(allowedOrigins: readonly string[], { exempt = [] }: { exempt?: readonly RegExp[] } = {}) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "POST" && exempt.some((pattern) => pattern.test(req.path))) {
      next();
      return;
    }
    if (isSameOriginRequest(req.method, { origin: req.get("origin"), referer: req.get("referer") }, allowedOrigins)) {
      next();
      return;
    }
    sendFrenchPage(res, 403);
  };
}

export function contentSecurityPolicy(nonce: string, { development = false } = {}): string {
  return policy(`'nonce-${nonce}'`, development);
}

/** For a page shared by the page cache: its inline scripts allowed by their SHA-256 (`'sha256-…'`). */
export function hashedContentSecurityPolicy(hashes: readonly string[], { development = false } = {}): string {
  return policy(hashes.join(" "), development);
}

function policy(scriptSources: string, development: boolean): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self'${scriptSources ? ` ${scriptSources}` : ""}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    // Remix's live reload talks to its dev server over a WebSocket on another port.
    development ? "connect-src 'self' ws://localhost:* ws://127.0.0.1:*" : "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ];
  return directives.join("; ");
}

/** Sets a fresh nonce on `res.locals.cspNonce` and the security headers on every response. */
export function securityHeaders({ development = false } = {}) {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, { development }));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}
