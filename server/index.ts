import cluster from "node:cluster";
import { watch } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import express from "express";

import { sameOriginGuard, securityHeaders } from "./security";
import { workerCount } from "./workers";

/**
 * The HTTP server: Express with our security middleware in front of the Remix request handler.
 * `npm run serve` runs it in production; `npm run dev` runs it under `remix dev --manual`.
 * With a PostgreSQL server and WEB_CONCURRENCY > 1, a primary process forks that many workers.
 */

process.env.NODE_ENV ??= "production";
const development = process.env.NODE_ENV === "development";
const port = Number(process.env.PORT) || 3000;
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

  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, TRUST_PROXY (e.g. "1" or "loopback") lets req.ip and req.secure see the client.
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);

  app.use(securityHeaders({ development }));
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.use(sameOriginGuard(process.env.APP_ORIGIN));

  app.all(
    "*",
    createRequestHandler({
      build: () => Promise.resolve(build),
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) => ({
        cspNonce: String(res.locals.cspNonce),
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
      }),
    }),
  );

  const server = app.listen(port, () => {
    if (!cluster.isWorker || cluster.worker?.id === 1) console.log(`OpenENT Échanges : http://localhost:${port}`);
    if (development) void broadcastDevReady(build);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // The database module closes the database and exits; here we only stop accepting connections.
    process.once(signal, () => server.close());
  }
}
