import { Transform } from "node:stream";

import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";

import { isDatabaseUnavailable } from "../db/errors";
import { logger } from "./logger";
import { isAllowedHost, type OriginConfig } from "./origin";
import { sendFrenchPage } from "./pages";

/**
 * The HTTP layer's own guards, in front of Remix: the allowed hosts, private pages kept out of
 * caches, request body limits, and French pages for whatever Express itself refuses.
 */

/**
 * Requests addressed to any host but the configured origin's get 400 (as Django's ALLOWED_HOSTS),
 * except `/healthz` and `/metrics`, which load balancers and scrapers reach by address. `X-Forwarded-Host` counts only from a
 * trusted proxy (TRUST_PROXY) and is removed either way, so nothing downstream can read a forged
 * one. `res.locals.host` is the validated host, from which the Remix request's URL is built.
 */
export function hostGuard(config: OriginConfig): RequestHandler {
  const primaryHost = new URL(config.origin).host;
  return (req, res, next) => {
    const forwarded = req.get("x-forwarded-host");
    const trustProxy = req.app.get("trust proxy fn") as (address: string | undefined, hop: number) => boolean;
    const host = forwarded !== undefined && trustProxy(req.socket.remoteAddress, 0) ? forwarded.split(",")[0]!.trim() : req.get("host");
    delete req.headers["x-forwarded-host"];
    // Probes and scrapers address the server by its IP; /metrics still asks them for the token.
    if (req.path === "/healthz" || req.path === "/metrics") {
      res.locals.host = primaryHost;
      next();
      return;
    }
    if (!isAllowedHost(host, config)) {
      sendFrenchPage(res, 400, { text: "Cette adresse n'est pas celle d'OpenENT Échanges.", home: `${config.origin}/` });
      return;
    }
    res.locals.host = host!.trim().toLowerCase();
    req.headers.host = res.locals.host as string;
    next();
  };
}

/** The session cookie, with or without the `__Host-` prefix used over HTTPS, carrying a value. */
const SESSION_COOKIE = /(?:^|;)\s*(?:__Host-)?openent_session=[^;\s]/;

export function hasSessionCookie(req: Request): boolean {
  return SESSION_COOKIE.test(req.get("cookie") ?? "");
}

/** A page for a signed-in member or an administration page: never stored by a browser or proxy. */
export function isPrivateRequest(req: Request): boolean {
  return req.path.startsWith("/admin") || hasSessionCookie(req);
}

/**
 * `Cache-Control: no-store` on private requests. A route's own Cache-Control replaces it only when
 * it says `no-store` too (see `sendRemixResponse`), so no route can make a private page cacheable.
 */
export function privatePagesNoStore(): RequestHandler {
  return (req, res, next) => {
    if (isPrivateRequest(req)) {
      res.locals.private = true;
      res.setHeader("Cache-Control", "no-store");
    }
    next();
  };
}

const KB = 1024;

/**
 * Request body limits, by kind of request. Anonymous visitors can only post small forms (sign-in,
 * password reset, invitation acceptance); members post forms with a thread's text at most, and
 * multipart uploads to the upload paths a file of 20 MB with the form's text (docs/files.md).
 */
export const BODY_LIMITS = { anonymous: 16 * KB, member: 1024 * KB, upload: 21 * 1024 * KB } as const;

/** Where a member's multipart form may carry a file: `POST /fichiers` and the post editors. */
const UPLOAD_PATHS = /^\/(?:fichiers|fils\/nouveau|fils\/[^/]+|fils\/[^/]+\/messages\/\d+\/modifier)\/?$/;

/** A member's multipart upload: streamed to Remix (counted, never buffered here). */
export function isUploadRequest(req: Request): boolean {
  return (
    req.method === "POST" &&
    hasSessionCookie(req) &&
    /^multipart\/form-data\b/i.test(req.get("content-type") ?? "") &&
    UPLOAD_PATHS.test(req.path)
  );
}

export const UPLOAD_TOO_LARGE = "Un fichier ne peut pas dépasser 20 Mo (et un formulaire avec son fichier 21 Mo).";

export function bodyLimitFor(req: Request): number {
  return hasSessionCookie(req) ? BODY_LIMITS.member : BODY_LIMITS.anonymous;
}

/**
 * Refuses oversized bodies with 413 before reading them: a `Content-Length` over the limit is refused
 * at once; a chunked body is counted as it arrives and refused as soon as it passes the limit. A body
 * within the limit is read here (at most the limit in memory) into `res.locals.body` for Remix.
 */
export function bodyLimit(limitFor: (req: Request) => number = bodyLimitFor): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") {
      next();
      return;
    }
    if (isUploadRequest(req)) {
      streamUpload(req, res, next);
      return;
    }
    const limit = limitFor(req);
    const declared = req.get("content-length");
    if (declared !== undefined && !(Number(declared) <= limit)) {
      refuseTooLarge(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        chunks.length = 0;
        refuseTooLarge(req, res);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      res.locals.body = Buffer.concat(chunks, size);
      next();
    };
    const onError = () => {
      stop();
      // The client went away mid-body: there is nobody left to answer, but never a 500.
      if (!res.headersSent && !res.writableEnded) sendFrenchPage(res, 400);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onError);
  };
}

/**
 * An upload's body is handed to Remix as a stream (`res.locals.bodyStream`) that counts its bytes:
 * a declared length over the limit is refused at once, and a body that passes it while streaming
 * ends the stream with an error, which the upload code answers with 413.
 */
function streamUpload(req: Request, res: Response, next: NextFunction): void {
  const limit = BODY_LIMITS.upload;
  const declared = req.get("content-length");
  if (declared !== undefined && !(Number(declared) <= limit)) {
    refuseTooLarge(req, res, UPLOAD_TOO_LARGE);
    return;
  }
  let size = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > limit) {
        callback(Object.assign(new Error("upload too large"), { status: 413 }));
        return;
      }
      callback(null, chunk);
    },
  });
  req.on("aborted", () => counted.destroy(new Error("aborted")));
  req.pipe(counted);
  res.locals.bodyStream = counted;
  next();
}

function refuseTooLarge(req: Request, res: Response, text?: string): void {
  // Close the connection after the answer: the rest of the body is never read.
  res.setHeader("Connection", "close");
  res.once("finish", () => req.socket.destroySoon());
  sendFrenchPage(res, 413, text ? { text } : undefined);
}

/** Express errors (malformed URL in the static handler, a broken body…) as French pages, never a stack trace. */
export function errorPage(): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, next: NextFunction) => {
    const unavailable = isDatabaseUnavailable(error);
    const status = unavailable ? 503 : statusOf(error);
    if (unavailable) logger().warn({ err: error }, "database unavailable");
    else if (status >= 500) logger().error({ err: error }, "express error");
    if (res.headersSent) {
      // Too late for a page: Express's default handler closes the connection.
      next(error);
      return;
    }
    sendFrenchPage(res, status === 503 ? 503 : status >= 500 ? 500 : status);
  };
}

function statusOf(error: unknown): number {
  const candidate = (error as { status?: unknown; statusCode?: unknown } | null) ?? {};
  const status = Number(candidate.status ?? candidate.statusCode);
  return Number.isInteger(status) && status >= 400 && status < 600 ? status : 500;
}
