import type { AppLoadContext } from "@remix-run/node";
import express, { type Express } from "express";

import { bodyLimit, errorPage, hostGuard, privatePagesNoStore } from "./http";
import { listenPort, originConfig, type OriginConfig } from "./origin";
import { remixHandler, type HandleRemixRequest } from "./remix-adapter";
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
}

/** Reads and checks the environment; throws `ConfigError` (one line for the operator) when it is wrong. */
export function serverConfig(env: Record<string, string | undefined>): ServerConfig {
  return { port: listenPort(env), origin: originConfig(env), trustProxy: parseTrustProxy(env.TRUST_PROXY) };
}

export interface AppOptions {
  config: ServerConfig;
  handle: HandleRemixRequest;
  development?: boolean;
  publicDir?: string;
}

export function createApp({ config, handle, development = false, publicDir = "public" }: AppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, TRUST_PROXY (e.g. "1" or "loopback") lets req.ip and req.secure see the client.
  if (config.trustProxy !== undefined) app.set("trust proxy", config.trustProxy);

  app.use(securityHeaders({ development }));
  app.use(hostGuard(config.origin));
  app.use("/build", express.static(`${publicDir}/build`, { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h" }));
  app.use(sameOriginGuard(config.origin.origins));
  app.use(privatePagesNoStore());
  app.use(bodyLimit());

  app.all(
    "*",
    remixHandler(handle, (req, res): AppLoadContext => ({
      cspNonce: String(res.locals.cspNonce),
      clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
    })),
  );
  app.use(errorPage());
  return app;
}
