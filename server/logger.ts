import { AsyncLocalStorage } from "node:async_hooks";

import pino, { type DestinationStream, type Logger } from "pino";

/**
 * The structured log: one JSON object a line on stdout (pino), for journald or any collector.
 * `LOG_LEVEL` (trace … fatal, default info) filters it; in development, with pino-pretty installed
 * (a devDependency), lines are printed readably instead.
 *
 * The server (run by tsx) and the Remix build each load this module, so whatever they must share
 * (the per-request context) lives on `globalThis` under a registered symbol.
 */

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);

export function logLevel(env: Record<string, string | undefined> = process.env): string {
  const level = env.LOG_LEVEL?.trim().toLowerCase();
  return level && LEVELS.has(level) ? level : "info";
}

export function createLogger(destination?: DestinationStream, env: Record<string, string | undefined> = process.env): Logger {
  const options = {
    level: logLevel(env),
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Whatever is logged while serving a request carries its id.
    mixin: () => {
      const context = currentRequest();
      return context ? { requestId: context.requestId } : {};
    },
  };
  if (destination) return pino(options, destination);
  if (env.NODE_ENV === "development" && prettyAvailable()) {
    return pino({ ...options, transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss" } } });
  }
  return pino(options);
}

function prettyAvailable(): boolean {
  try {
    import.meta.resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}

/** What one request collects on its way, for its log line: who is signed in, set by the session guard. */
export interface RequestContext {
  requestId: string;
  memberId?: number;
}

const CONTEXT_KEY = Symbol.for("openent.requestContext");
const LOGGER_KEY = Symbol.for("openent.logger");

type Shared = typeof globalThis & { [CONTEXT_KEY]?: AsyncLocalStorage<RequestContext>; [LOGGER_KEY]?: Logger };

export function requestContextStorage(): AsyncLocalStorage<RequestContext> {
  const shared = globalThis as Shared;
  shared[CONTEXT_KEY] ??= new AsyncLocalStorage<RequestContext>();
  return shared[CONTEXT_KEY];
}

/** The context of the request being served, if any (undefined in start-up code and background tasks). */
export function currentRequest(): RequestContext | undefined {
  return requestContextStorage().getStore();
}

/** The process's logger, one for the server and the build alike. */
export function logger(): Logger {
  const shared = globalThis as Shared;
  shared[LOGGER_KEY] ??= createLogger();
  return shared[LOGGER_KEY];
}

/** Tests replace the process logger to read what it writes. */
export function setLogger(replacement: Logger): void {
  (globalThis as Shared)[LOGGER_KEY] = replacement;
}
