import type { Server } from "node:http";

/**
 * The first half of a graceful shutdown: stop accepting connections, let the requests in progress
 * finish, close keep-alive connections as soon as they are idle, and after `timeoutMs` close
 * whatever is left. Resolves once the server has no connection any more.
 */

export const DRAIN_TIMEOUT_MS = 10_000;
const IDLE_SWEEP_MS = 50;

export interface DrainResult {
  /** True when connections had to be cut after the timeout. */
  forced: boolean;
  durationMs: number;
}

export function drainServer(server: Server, { timeoutMs = DRAIN_TIMEOUT_MS } = {}): Promise<DrainResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let forced = false;
    // Answers given from now on end their connection, so clients open new ones (refused here).
    const onRequest = (_req: unknown, res: { shouldKeepAlive: boolean }) => (res.shouldKeepAlive = false);
    server.on("request", onRequest);
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const deadline = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      server.off("request", onRequest);
      resolve({ forced, durationMs: Date.now() - started });
    });
    server.closeIdleConnections();
  });
}
