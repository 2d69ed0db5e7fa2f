import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import { Readable } from "node:stream";

import { shouldCompress, writeCompressible } from "./compression";
import { sendFrenchPage } from "./pages";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";

/**
 * Express → Remix, in place of `@remix-run/express`'s handler, which builds the request URL from
 * `X-Forwarded-Host` (its port even from an untrusted client) and streams the body unbounded. Here
 * the URL's host is the one `hostGuard` validated, the body is the one `bodyLimit` read, and a
 * private page keeps its `Cache-Control: no-store`.
 */

export type HandleRemixRequest = (request: Request, context: AppLoadContext) => Promise<Response>;

/**
 * Remix's handler for the build. Given a function, server-runtime calls it and derives its route trees and static
 * handler again on every request, to pick up a rebuilt app: development only. Otherwise it gets the build itself and
 * derives them once, so @remix-run/router keeps their flattened, ranked routes for the build's life
 * (docs/decisions/010-router-match-memo.md).
 */
export function createRemixHandler(currentBuild: () => ServerBuild, mode: string | undefined): HandleRemixRequest {
  return createRequestHandler(mode === "development" ? currentBuild : currentBuild(), mode);
}

/** A `Set-Cookie` for the answer to a request that may have written (read-your-writes), if any. */
export type AfterWrite = (request: Request) => Promise<string | undefined>;

export function remixHandler(
  handle: HandleRemixRequest,
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext,
  afterWrite?: AfterWrite,
): RequestHandler {
  return async (req, res, next) => {
    try {
      const request = toFetchRequest(req, res);
      const context = getLoadContext(req, res);
      const response = await handle(request, context);
      // After the action has committed: the member's next reads must see what it wrote. Without
      // it (the database just went away) the answer still goes out; reads may then be stale.
      const writeCookie =
        afterWrite && req.method !== "GET" && req.method !== "HEAD" && response.status < 500
          ? await afterWrite(request).catch(() => undefined)
          : undefined;
      await sendHandledResponse(res, response, context, writeCookie);
    } catch (error) {
      next(error);
    }
  };
}

export async function sendHandledResponse(res: ExpressResponse, response: Response, context: AppLoadContext, extraCookie?: string): Promise<void> {
  if (res.headersSent) {
    await response.body?.cancel();
    return;
  }
  // A loader or action failed because the database is away (entry.server's handleError set the
  // flag): a plain French 503 with Retry-After instead of the generic error page, while the pool
  // reconnects by itself.
  if (response.status >= 500 && context.databaseUnavailable) {
    await response.body?.cancel();
    sendFrenchPage(res, 503);
    return;
  }
  await sendRemixResponse(res, response, extraCookie);
}

export function toFetchRequest(req: ExpressRequest, res: ExpressResponse): Request {
  let url: URL;
  try {
    // Concatenated, never resolved: a path such as `//evil.example` must stay a path.
    url = new URL(`${req.protocol}://${String(res.locals.host)}${req.originalUrl}`);
  } catch {
    throw Object.assign(new Error("Malformed request target"), { status: 400 });
  }
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(key, value);
  }
  let controller: AbortController | null = new AbortController();
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const body: unknown = res.locals.body;
    const bodyStream: unknown = res.locals.bodyStream;
    if (Buffer.isBuffer(body)) init.body = new Uint8Array(body);
    else if (bodyStream instanceof Readable) {
      // A member's upload (bodyLimit's streamUpload): counted as it goes, never held whole.
      init.body = createReadableStreamFromReadable(bodyStream);
      init.duplex = "half";
    } else {
      init.body = createReadableStreamFromReadable(req);
      init.duplex = "half";
    }
  }
  // Abort loaders and actions when the client is gone before the answer is complete.
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}

export async function sendRemixResponse(res: ExpressResponse, response: Response, extraCookie?: string): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) {
    if (key.toLowerCase() === "cache-control") {
      if (!res.locals.private || /no-store/i.test(value)) res.setHeader(key, value);
    } else {
      res.append(key, value);
    }
  }
  // After the app's own cookies (the session's first).
  if (extraCookie) res.append("Set-Cookie", extraCookie);
  if (response.body && shouldCompress(res, response.status)) await writeCompressible(res, response.body);
  else if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
