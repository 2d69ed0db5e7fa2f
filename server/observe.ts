import { randomUUID } from "node:crypto";

import type { RequestHandler } from "express";

import { logger, requestContextStorage, type RequestContext } from "./logger";
import type { Metrics } from "./metrics";
import type { RouteMatcher } from "./routes";

/**
 * One log line and one metrics observation per request, when its response is finished (or the
 * client gone). The line has the method, the Remix route id, the path (no query string, tokens in
 * the path replaced), the status, the duration, the request id and the signed-in member's id; never
 * a cookie, a header, a body or a query string. The request id comes from a well-formed incoming
 * `X-Request-Id` (a proxy's) or is generated, and is echoed in the response.
 */

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFrom(header: string | undefined): string {
  return header && REQUEST_ID.test(header) ? header : randomUUID();
}

/** Marks the requests a middleware answers (static files, /metrics), which Remix never sees. */
export function routeLabel(routeId: string | undefined): RequestHandler {
  return (_req, res, next) => {
    res.locals.routeId = routeId;
    next();
  };
}

export function observeRequests({ matchRoute, metrics }: { matchRoute?: RouteMatcher; metrics?: Metrics }): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const context: RequestContext = { requestId: requestIdFrom(req.get("x-request-id")) };
    res.setHeader("X-Request-Id", context.requestId);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const pathname = req.path;
      let route = typeof res.locals.routeId === "string" ? res.locals.routeId : undefined;
      let path = route === "static" || route === "metrics" ? pathname : undefined;
      if (!route && res.locals.remix && matchRoute) {
        ({ routeId: route, path } = matchRoute(pathname));
      }
      route ??= "none";
      path ??= pathname.split("/").slice(0, 2).join("/") || "/";
      const status = res.writableFinished ? res.statusCode : 499;
      metrics?.observeRequest(req.method, route, status, seconds);
      const line = {
        requestId: context.requestId,
        method: req.method,
        route,
        path,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
        ...(context.memberId !== undefined ? { memberId: context.memberId } : {}),
      };
      const log = logger();
      if (status >= 500) log.error(line, "request");
      else log.info(line, "request");
    };
    res.once("finish", finish);
    res.once("close", finish);
    res.locals.requestContext = context;
    requestContextStorage().run(context, next);
  };
}

/** Runs the rest of the chain in the request's context again (after a middleware that waited on socket events). */
export function withRequestContext(): RequestHandler {
  return (_req, res, next) => {
    const context = res.locals.requestContext as RequestContext | undefined;
    if (context) requestContextStorage().run(context, next);
    else next();
  };
}
