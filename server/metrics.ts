import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

import type { Request, RequestHandler } from "express";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics (prom-client): request latency and counts by route id, the database pool, the
 * mail outbox backlog, and Node's default metrics (event loop lag, memory, GC). `/metrics` is for
 * the operator: a client on this machine (loopback socket, no proxy header) or one that presents
 * `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets 401.
 */

export interface DatabaseGauges {
  pool: { total: number; idle: number; waiting: number };
  /** Mails waiting to be sent (pending in the outbox). */
  outboxBacklog: number;
  /** Read replicas (DATABASE_READ_URL): state and lag as this process last measured them. */
  replicas?: { name: string; state: string; lagSeconds: number | null }[];
  /** Where the read-only pages' queries went, since the process started. */
  reads?: { target: string; reason: string; count: number }[];
}

export interface Metrics {
  registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

export function createMetrics({ gauges }: { gauges?: () => Promise<DatabaseGauges | undefined> } = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const duration = new Histogram({
    name: "openent_http_request_duration_seconds",
    help: "HTTP request duration by method and Remix route id",
    labelNames: ["method", "route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const requests = new Counter({
    name: "openent_http_requests_total",
    help: "HTTP responses by method, Remix route id and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });

  // One scrape reads the database once for all of these (the first collect fills the cache).
  let pending: Promise<DatabaseGauges | undefined> | undefined;
  const read = () => {
    pending ??= (gauges?.() ?? Promise.resolve(undefined)).catch(() => undefined).finally(() => setImmediate(() => (pending = undefined)));
    return pending;
  };
  const gauge = (name: string, help: string, pick: (values: DatabaseGauges) => number, aggregator: "sum" | "max" = "sum") =>
    new Gauge({
      name,
      help,
      registers: [registry],
      aggregator,
      async collect() {
        const values = await read();
        if (values) this.set(pick(values));
      },
    });
  gauge("openent_db_pool_connections", "Connections open in this process's database pool", (v) => v.pool.total);
  gauge("openent_db_pool_idle_connections", "Idle connections in the database pool", (v) => v.pool.idle);
  gauge("openent_db_pool_waiting_clients", "Queries waiting for a connection of the pool", (v) => v.pool.waiting);
  // Every process reads the same table: across a cluster, the largest reading, not the sum.
  gauge("openent_mail_outbox_backlog", "Mails waiting in the outbox", (v) => v.outboxBacklog, "max");

  // Read replicas. Across a cluster: up only if every process sees it up, the largest lag.
  new Gauge({
    name: "openent_db_replica_up",
    help: "1 when the read replica is used (up, not lagging), 0 otherwise",
    labelNames: ["replica"] as const,
    registers: [registry],
    aggregator: "min",
    async collect() {
      const values = await read();
      this.reset();
      for (const replica of values?.replicas ?? []) this.set({ replica: replica.name }, replica.state === "ok" ? 1 : 0);
    },
  });
  new Gauge({
    name: "openent_db_replica_lag_seconds",
    help: "How far the read replica is behind the primary (absent while it does not answer)",
    labelNames: ["replica"] as const,
    registers: [registry],
    aggregator: "max",
    async collect() {
      const values = await read();
      this.reset();
      for (const replica of values?.replicas ?? []) if (replica.lagSeconds !== null) this.set({ replica: replica.name }, replica.lagSeconds);
    },
  });
  new Counter({
    name: "openent_db_reads_total",
    help: "Connections taken by read-only pages, by server (replica or primary) and reason",
    labelNames: ["target", "reason"] as const,
    registers: [registry],
    async collect() {
      const values = await read();
      if (!values?.reads) return;
      this.reset();
      for (const { target, reason, count } of values.reads) this.inc({ target, reason }, count);
    },
  });

  return {
    registry,
    observeRequest(method, route, status, seconds) {
      duration.observe({ method, route }, seconds);
      requests.inc({ method, route, status: String(status) });
    },
  };
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.startsWith("127.");
  return plain === "::1";
}

const PROXY_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip"];

/**
 * Local means: the TCP peer is a loopback address and no proxy header is present. The socket is
 * used, not `req.ip`; and a reverse proxy on this host makes every visitor's socket a loopback one,
 * but it adds `X-Forwarded-For`, so its requests need the token.
 */
export function isLocalClient(req: Request): boolean {
  return isLoopbackAddress(req.socket.remoteAddress) && PROXY_HEADERS.every((name) => req.headers[name] === undefined);
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

export function hasToken(req: Request, token: string | undefined): boolean {
  if (!token) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "");
  // Compared as digests: constant time, whatever the lengths.
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

export function metricsEndpoint({ token, render }: { token?: string; render: () => Promise<{ contentType: string; text: string }> }): RequestHandler {
  return (req, res, next) => {
    res.locals.routeId = "metrics";
    if (req.method !== "GET" && req.method !== "HEAD") {
      next();
      return;
    }
    res.setHeader("Cache-Control", "no-store");
    if (!isLocalClient(req) && !hasToken(req, token)) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
      res.status(401).type("text/plain; charset=utf-8").send("Accès aux métriques refusé : jeton requis.\n");
      return;
    }
    render().then(
      ({ contentType, text }) => {
        res.setHeader("Content-Type", contentType);
        res.end(req.method === "HEAD" ? undefined : text);
      },
      (error: unknown) => next(error),
    );
  };
}

export function registryRender(registry: Registry): () => Promise<{ contentType: string; text: string }> {
  return async () => ({ contentType: registry.contentType, text: await registry.metrics() });
}
