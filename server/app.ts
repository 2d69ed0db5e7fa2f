import type { AppLoadContext } from "@remix-run/node";
import express, { type Express } from "express";

import { bodyLimit, errorPage, hostGuard, privatePagesNoStore } from "./http";
import { metricsEndpoint, registryRender, type Metrics } from "./metrics";
import { observeRequests, routeLabel, withRequestContext } from "./observe";
import { ConfigError, listenPort, originConfig, type OriginConfig } from "./origin";
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
  /** The read-your-writes cookie after a POST (read replicas; app/db.server.ts). */
  afterWrite?: AfterWrite;
}

export function createApp({ config, handle, development = false, publicDir = "public", matchRoute, metrics, renderMetrics, afterWrite }: AppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, TRUST_PROXY (e.g. "1" or "loopback") lets req.ip and req.secure see the client.
  if (config.trustProxy !== undefined) app.set("trust proxy", config.trustProxy);

  app.use(observeRequests({ matchRoute, metrics }));
  app.use(securityHeaders({ development }));
  app.use(hostGuard(config.origin));
  const render = renderMetrics ?? (metrics ? registryRender(metrics.registry) : undefined);
  if (render) app.get("/metrics", metricsEndpoint({ token: config.metricsToken, render }));
  app.use("/build", routeLabel("static"), express.static(`${publicDir}/build`, { immutable: true, maxAge: "1y" }));
  app.use(routeLabel("static"), express.static(publicDir, { maxAge: "1h" }), routeLabel(undefined));
  // One-click unsubscribe links carry their own signed token (app/notifications/unsubscribe.server.ts).
  app.use(sameOriginGuard(config.origin.origins, { exempt: [/^\/desinscription\/[A-Za-z0-9._-]+$/] }));
  app.use(privatePagesNoStore());
  app.use(bodyLimit());
  // The body is read in socket events, outside the request's context: enter it again for Remix.
  app.use(withRequestContext());

  app.all(
    "*",
    remixHandler(handle, (req, res): AppLoadContext => {
      res.locals.remix = true;
      return {
        cspNonce: String(res.locals.cspNonce),
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
      };
    }, afterWrite),
  );
  app.use(errorPage());
  return app;
}
