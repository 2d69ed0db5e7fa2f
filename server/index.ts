import { watch } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import express from "express";

import { sameOriginGuard, securityHeaders } from "./security";

/**
 * The HTTP server: Express with our security middleware in front of the Remix request handler.
 * `npm run serve` runs it in production; `npm run dev` runs it under `remix dev --manual`.
 */

process.env.NODE_ENV ??= "production";
const development = process.env.NODE_ENV === "development";
const port = Number(process.env.PORT) || 3000;
const buildPath = resolve("build/index.js");

async function importBuild(): Promise<ServerBuild> {
  // A query string defeats the module cache, so a rebuilt file is really re-imported in development.
  return (await import(`${pathToFileURL(buildPath).href}?t=${Date.now()}`)) as ServerBuild;
}

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
  console.log(`OpenENT Échanges : http://localhost:${port}`);
  if (development) void broadcastDevReady(build);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  // The database module closes the database and exits; here we only stop accepting connections.
  process.once(signal, () => server.close());
}
