import { readdirSync } from "node:fs";

import type { AppLoadContext } from "@remix-run/node";
import express, { type Express, type Request, type RequestHandler, type Response } from "express";

import { bodyLimit, errorPage, hostGuard, privatePagesNoStore } from "./http";
import { metricsEndpoint, registryRender, type Metrics } from "./metrics";
import { observeRequests, routeLabel, withRequestContext } from "./observe";
import { ConfigError, listenPort, originConfig, type OriginConfig } from "./origin";
import { pageCache, type PageCacheOptions } from "./page-cache";
import { precompressedStatic } from "./precompressed";
import { remixHandler, type AfterWrite, type HandleRemixRequest } from "./remix-adapter";
import type { RouteMatcher } from "./routes";
import { sameOriginGuard, securityHeaders } from "./security";
import { parseTrustProxy, type TrustProxySetting } from "./trust-proxy";

/**
 * The Express application: our HTTP-level defences, static files, then Remix. Built by a factory so
 * the tests run the very same stack in-process, with a stand-in for the Remix build.
 */

export interface ServerConfig {
  port: number;
  origin: OriginConfig;
  trustProxy: TrustProxySetting | undefined;
  /** Lets a Prometheus scraper that is not on this machine read /metrics. */
  metricsToken: string | undefined;
}

/** Reads and checks the environment; throws `ConfigError` (one line for the operator) when it is wrong. */
export function serverConfig(env: Record<string, string | undefined>): ServerConfig {
  return {
    port: listenPort(env),
    origin: originConfig(env),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    metricsToken: metricsToken(env.METRICS_TOKEN),
  };
}

const MIN_TOKEN_LENGTH = 24;

function metricsToken(value: string | undefined): string | undefined {
  const token = value?.trim();
  if (!token) return undefined;
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new ConfigError(
      `METRICS_TOKEN trop court / too short: au moins ${MIN_TOKEN_LENGTH} caractères sans espace (ex. \`openssl rand -hex 32\`)`,
    );
  }
  return token;
}

export interface AppOptions {
  config: ServerConfig;
  handle: HandleRemixRequest;
  development?: boolean;
  publicDir?: string;
  /** The Remix route a path reaches, for the request log and metrics. */
  matchRoute?: RouteMatcher;
  metrics?: Metrics;
  /** How /metrics is produced: this process's registry by default, the cluster's in a worker. */
  renderMetrics?: () => Promise<{ contentType: string; text: string }>;
  /** The shared page cache for visitors (server/page-cache.ts); none when absent. */
  pageCache?: Pick<PageCacheOptions, "store" | "routeFor" | "barrier">;
  /** The read-your-writes cookie after a POST (read replicas; app/db.server.ts). */
  afterWrite?: AfterWrite;
}

export function createApp({ config, handle, development = false, publicDir = "public", matchRoute, metrics, renderMetrics, pageCache: cache, afterWrite }: AppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, TRUST_PROXY (e.g. "1" or "loopback") lets req.ip and req.secure see the client.
  if (config.trustProxy !== undefined) app.set("trust proxy", config.trustProxy);

  app.use(observeRequests({ matchRoute, metrics }));
  app.use(securityHeaders({ development }));
  app.use(hostGuard(config.origin));
  const render = renderMetrics ?? (metrics ? registryRender(metrics.registry) : undefined);
  if (render) app.get("/metrics", metricsEndpoint({ token: config.metricsToken, render }));
  app.use("/build", routeLabel("static"), precompressedStatic(`${publicDir}/build`, { immutable: true, maxAge: "1y" }));
  app.use("/build", routeLabel("static"), express.static(`${publicDir}/build`, { immutable: true, maxAge: "1y" }));
  app.use(publicFiles(publicDir));
  // One-click unsubscribe links carry their own signed token (app/notifications/unsubscribe.server.ts).
  app.use(sameOriginGuard(config.origin.origins, { exempt: [/^\/desinscription\/[A-Za-z0-9._-]+$/] }));
  app.use(privatePagesNoStore());
  app.use(bodyLimit());
  // The body is read in socket events, outside the request's context: enter it again for Remix.
  app.use(withRequestContext());

  const loadContext = (req: Request, res: Response): AppLoadContext => {
    res.locals.remix = true;
    return {
      cspNonce: String(res.locals.cspNonce),
      clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
    };
  };
  // The page cache serves only GET/HEAD without a session: nothing it answers has written.
  if (cache) app.use(pageCache({ ...cache, handle, loadContext, development }));
  app.all("*", remixHandler(handle, loadContext, afterWrite));
  app.use(errorPage());
  return app;
}

/**
 * The few files at the top of `public/` (robots.txt, the favicons), each at its own path. Listed once
 * at start-up so that a page request never costs a file-system lookup: a static middleware on `/`
 * would `stat` every page's path first (3.6 % of a thread page's CPU). What the build writes lives
 * under `/build/`, served by its own prefix.
 */
export function publicFiles(publicDir: string): RequestHandler {
  let names: Set<string>;
  try {
    names = new Set(
      readdirSync(publicDir, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => `/${entry.name}`),
    );
  } catch {
    names = new Set();
  }
  const serve = express.static(publicDir, { maxAge: "1h", index: false, redirect: false });
  return (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !names.has(req.path)) return next();
    res.locals.routeId = "static";
    serve(req, res, (error?: unknown) => {
      res.locals.routeId = undefined;
      next(error);
    });
  };
}
