import { PassThrough } from "node:stream";

import {
  createReadableStreamFromReadable,
  type AppLoadContext,
  type EntryContext,
  type HandleErrorFunction,
} from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";

import { isDatabaseUnavailable } from "../db/errors";
import { logger } from "../server/logger";
import { watchPageChanges } from "./cache/invalidation.server";
import { NonceContext } from "./components/nonce";
import { afterWrite, databaseGauges, startDatabase, stopDatabase } from "./db.server";
import { endLiveStreams, stopLiveHub } from "./live/live.server";

// Open, migrate and seed as soon as the server loads the build, not on the first request;
// server/index.ts waits for this before it listens, calls `beginShutdown` before it drains (live
// update streams never end by themselves), `shutdown` once it has drained, reads
// `databaseGauges` for /metrics, `watchPageChanges` for the page cache (server/page-cache.ts), and asks
// `afterWrite` for the read-your-writes cookie of a POST.
export const databaseReady = startDatabase();
export { afterWrite, databaseGauges, endLiveStreams as beginShutdown, watchPageChanges };

export async function shutdown(): Promise<void> {
  await stopLiveHub();
  await stopDatabase();
}

/**
 * Errors thrown by loaders, actions and rendering: logged with their stack (and the request id, from
 * the request's context); the page shows only the French error page of the root ErrorBoundary.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  // A client that went away aborts its loaders: nothing went wrong.
  if (request.signal.aborted) return;
  const path = new URL(request.url).pathname.split("/").slice(0, 2).join("/");
  if (isDatabaseUnavailable(error)) {
    // Not a bug: the database is restarting or away. The adapter answers 503 (server/remix-adapter.ts).
    context.databaseUnavailable = true;
    logger().warn({ err: error, method: request.method, path }, "database unavailable");
    return;
  }
  logger().error({ err: error, method: request.method, path }, "unhandled error");
};

const ABORT_DELAY = 5_000;

export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Crawlers and no-JS clients get the whole document at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  const nonce = loadContext.cspNonce;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are already in the stream; log the rest for operators.
          if (shellRendered) logger().error({ err: error }, "render error");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1_000);
  });
}
