import cluster from "node:cluster";
import { watch } from "node:fs";
import type { Server } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { AggregatorRegistry } from "prom-client";

import { createApp, serverConfig, type AppOptions, type ServerConfig } from "./app";
import { clusterMetricsRender, servePrimaryMetrics } from "./cluster-metrics";
import { limitHeapGrowth } from "./heap";
import { logger } from "./logger";
import { createMetrics, type DatabaseGauges } from "./metrics";
import { ConfigError } from "./origin";
import { cacheableRoutes, PAGE_MAX_AGE_MS, pageCacheBytes } from "./page-cache";
import { PageStore } from "./page-store";
import { answerClientErrors } from "./pages";
import { createRemixHandler } from "./remix-adapter";
import { createRouteMatcher, type RouteMatcher } from "./routes";
import { DRAIN_TIMEOUT_MS, drainServer } from "./shutdown";
import { workerCount } from "./workers";

/**
 * The HTTP server: Express with our security middleware in front of the Remix request handler.
 * `npm run serve` runs it in production; `npm run dev` runs it under `remix dev --manual`.
 * With a PostgreSQL server and WEB_CONCURRENCY > 1, a primary process forks that many workers.
 *
 * On SIGTERM or SIGINT each serving process drains (stops accepting, finishes the requests in
 * progress, at most DRAIN_TIMEOUT_MS), stops its schedulers, closes the database, and exits 0.
 */

process.env.NODE_ENV ??= "production";
const development = process.env.NODE_ENV === "development";
const config = readConfig();
// Before anything fills the heap: the old generation grows by 50 % past its live size, not 4× (server/heap.ts).
configure(() => limitHeapGrowth(process.env));
const port = config.port;
const buildPath = resolve("build/index.js");

/** What server/index.ts uses of the build's entry module (app/entry.server.tsx). */
interface EntryModule {
  databaseReady?: Promise<void>;
  /** Ends what would hold the drain up (live update streams); called before the HTTP server drains. */
  beginShutdown?: () => void;
  shutdown?: () => Promise<void>;
  databaseGauges?: () => Promise<DatabaseGauges | undefined>;
  /** The page cache's invalidations (app/cache/invalidation.server.ts). */
  watchPageChanges?: (onChange: (reason: string) => void) => Promise<{ barrier: () => Promise<void> }>;
  /** The read-your-writes cookie for the answer to a POST, when read replicas are configured. */
  afterWrite?: (request: Request) => Promise<string | undefined>;
}

async function importBuild(): Promise<ServerBuild> {
  // A query string defeats the module cache, so a rebuilt file is really re-imported in development.
  return (await import(`${pathToFileURL(buildPath).href}?t=${Date.now()}`)) as ServerBuild;
}

const workers = process.env.NODE_ENV === "development" ? 1 : workerCount(process.env);

if (cluster.isPrimary && workers > 1) {
  superviseWorkers(workers);
} else {
  await serve();
}

/** A wrong setting stops start-up with one line and a non-zero exit, before anything listens. */
function configure<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`[openent] ${error.message}`);
    process.exit(1);
  }
}

function readConfig(): ServerConfig {
  return configure(() => serverConfig(process.env));
}

/**
 * Forks the workers and replaces one that dies; a worker that fails before listening stops
 * everything. On SIGTERM/SIGINT each worker is told to drain, and the primary exits once they
 * all have (0 when they all exited 0), killing any still there after the drain time and a margin.
 */
function superviseWorkers(count: number): void {
  let stopping = false;
  let failed = false;
  const listening = new Set<number>();
  servePrimaryMetrics(new AggregatorRegistry());
  cluster.on("listening", (worker) => listening.add(worker.id));
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (code !== 0) failed = true;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
      return;
    }
    if (!listening.has(worker.id)) {
      // A worker that never listened (a start-up failure): stop the others and exit non-zero, so
      // a supervisor (systemd's Restart=on-failure) sees the failure even if they drain cleanly.
      stopping = true;
      failed = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    logger().error({ pid: worker.process.pid, code, signal }, "worker died: restarted");
    cluster.fork();
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger().info({ signal }, "shutdown: stopping the workers");
      // The signal itself, not worker.kill(), which would first disconnect the worker.
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
        process.exit(1);
      }, DRAIN_TIMEOUT_MS + 10_000).unref();
    });
  }
  for (let i = 0; i < count; i++) cluster.fork();
}

/** The shared page cache for visitors, unless PAGE_CACHE_MB=0 or in development (where the build changes). */
async function startPageCache(build: ServerBuild): Promise<AppOptions["pageCache"]> {
  let maxBytes: number;
  try {
    maxBytes = pageCacheBytes(process.env.PAGE_CACHE_MB);
  } catch (error) {
    console.error(`[openent] ${(error as Error).message}`);
    process.exit(1);
  }
  const watch = (build.entry.module as EntryModule).watchPageChanges;
  if (development || maxBytes === 0 || !watch) return undefined;
  const store = new PageStore({ maxBytes, maxAgeMs: PAGE_MAX_AGE_MS });
  const { barrier } = await watch(() => store.clear());
  return { store, barrier, routeFor: cacheableRoutes(build.routes, createRouteMatcher(build.routes)) };
}

async function serve(): Promise<void> {
  let build: ServerBuild | undefined;
  const listener: { server?: Server } = {};
  let stopping: Promise<void> | undefined;

  const stop = (signal: NodeJS.Signals) => {
    stopping ??= (async () => {
      const log = logger();
      log.info({ signal }, "shutdown: draining");
      let code = 0;
      try {
        (build?.entry.module as EntryModule | undefined)?.beginShutdown?.();
        if (listener.server) {
          const { forced, durationMs } = await drainServer(listener.server);
          log.info({ forced, durationMs }, "shutdown: HTTP server closed");
        }
        // Then the schedulers and the database (app/db.server.ts), once start-up is over.
        await startup.catch(() => undefined);
        await (build?.entry.module as EntryModule | undefined)?.shutdown?.();
        log.info("shutdown: database closed");
      } catch (error) {
        log.error({ err: error }, "shutdown failed");
        code = 1;
      }
      log.flush();
      process.exit(code);
    })();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, stop);

  const startup = (async () => {
    build = await importBuild();
    // The build opens and migrates the database when imported; listen only once it is ready.
    await (build.entry.module as EntryModule).databaseReady;
  })();
  await startup;
  if (stopping) return;

  let matchRoute: RouteMatcher = createRouteMatcher(build!.routes);
  if (development) {
    watch(resolve("build/version.txt"), async () => {
      build = await importBuild();
      matchRoute = createRouteMatcher(build.routes);
      await broadcastDevReady(build);
    });
  }

  const pageCache = await startPageCache(build!);
  const metrics = createMetrics({ gauges: () => (build?.entry.module as EntryModule).databaseGauges?.() ?? Promise.resolve(undefined) });
  const handle = createRemixHandler(() => build!, process.env.NODE_ENV);
  const app = createApp({
    config,
    handle,
    development,
    matchRoute: (pathname) => matchRoute(pathname),
    metrics,
    // In a cluster, /metrics answers with every worker's metrics, gathered by the primary.
    renderMetrics: cluster.isWorker ? clusterMetricsRender(metrics.registry) : undefined,
    pageCache,
    afterWrite: (request) => (build?.entry.module as EntryModule).afterWrite?.(request) ?? Promise.resolve(undefined),
  });

  const server = app.listen(port, () => {
    if (!cluster.isWorker || cluster.worker?.id === 1) console.log(`OpenENT Échanges : ${config.origin.origin}`);
    if (development) void broadcastDevReady(build!);
  });
  answerClientErrors(server);
  listener.server = server;
}
