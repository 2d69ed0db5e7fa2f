import cluster from "node:cluster";
import { watch } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

import { broadcastDevReady, createRequestHandler, type ServerBuild } from "@remix-run/node";

import { createApp, serverConfig, type ServerConfig } from "./app";
import { ConfigError } from "./origin";
import { answerClientErrors } from "./pages";
import { workerCount } from "./workers";

/**
 * The HTTP server: Express with our security middleware in front of the Remix request handler.
 * `npm run serve` runs it in production; `npm run dev` runs it under `remix dev --manual`.
 * With a PostgreSQL server and WEB_CONCURRENCY > 1, a primary process forks that many workers.
 */

process.env.NODE_ENV ??= "production";
const development = process.env.NODE_ENV === "development";
const config = readConfig();
const port = config.port;
const buildPath = resolve("build/index.js");

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
function readConfig(): ServerConfig {
  try {
    return serverConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`[openent] ${error.message}`);
    process.exit(1);
  }
}

/** Forks the workers and replaces one that dies; a worker that fails before listening stops everything. */
function superviseWorkers(count: number): void {
  let stopping = false;
  const listening = new Set<number>();
  cluster.on("listening", (worker) => listening.add(worker.id));
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    if (!listening.has(worker.id)) {
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill("SIGTERM");
      process.exitCode = code || 1;
      return;
    }
    console.error(`[openent] processus ${worker.process.pid} arrêté (${signal ?? code}) : relancé`);
    cluster.fork();
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
    });
  }
  for (let i = 0; i < count; i++) cluster.fork();
}

async function serve(): Promise<void> {
  let build = await importBuild();
  // The build opens and migrates the database when imported; listen only once it is ready.
  await (build.entry.module as { databaseReady?: Promise<void> }).databaseReady;

  if (development) {
    watch(resolve("build/version.txt"), async () => {
      build = await importBuild();
      await broadcastDevReady(build);
    });
  }

  const handle = createRequestHandler(() => build, process.env.NODE_ENV);
  const app = createApp({ config, handle, development });

  const server = app.listen(port, () => {
    if (!cluster.isWorker || cluster.worker?.id === 1) console.log(`OpenENT Échanges : ${config.origin.origin}`);
    if (development) void broadcastDevReady(build);
  });
  answerClientErrors(server);

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // The database module closes the database and exits; here we only stop accepting connections.
    process.once(signal, () => server.close());
  }
}
