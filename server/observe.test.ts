import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";

import type { ServerBuild } from "@remix-run/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { createApp, serverConfig } from "./app";
import { createLogger, currentRequest, setLogger } from "./logger";
import { createMetrics, isLoopbackAddress, type Metrics } from "./metrics";
import { ConfigError } from "./origin";
import { createRouteMatcher } from "./routes";

/**
 * The request log and /metrics on the real Express stack, in-process on a loopback port, with a
 * stand-in for the Remix build; the log is read from a pino logger writing to memory.
 */

const manifest = {
  root: { id: "root", path: "", parentId: undefined },
  "routes/_index": { id: "routes/_index", index: true, parentId: "root" },
  "routes/fils.$ref": { id: "routes/fils.$ref", path: "fils/:ref", parentId: "root" },
  "routes/invitation.$token": { id: "routes/invitation.$token", path: "invitation/:token", parentId: "root" },
  "routes/mot-de-passe-oublie.$token": { id: "routes/mot-de-passe-oublie.$token", path: "mot-de-passe-oublie/:token", parentId: "root" },
  "routes/$": { id: "routes/$", path: "*", parentId: "root" },
} as unknown as ServerBuild["routes"];

const TOKEN = "0123456789abcdef0123456789abcdef";

let running: Server | undefined;
let lines: Record<string, unknown>[] = [];

beforeEach(() => {
  lines = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  setLogger(createLogger(sink, { LOG_LEVEL: "info" }));
});

afterEach(async () => {
  await new Promise((resolve) => running?.close(resolve) ?? resolve(undefined));
  running = undefined;
});

async function start(
  { env = {}, peer, reply = () => new Response("ok") }: { env?: Record<string, string>; peer?: string; reply?: (request: Request) => Response } = {},
): Promise<{ port: number; metrics: Metrics }> {
  const server = createServer();
  running = server;
  // A scraper on another machine, simulated: the socket's peer address is replaced.
  if (peer) server.on("connection", (socket) => Object.defineProperty(socket, "remoteAddress", { value: peer }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const metrics = createMetrics({ gauges: async () => ({ pool: { total: 3, idle: 2, waiting: 1 }, outboxBacklog: 7 }) });
  const app = createApp({
    config: serverConfig({ PORT: String(port), ...env }),
    matchRoute: createRouteMatcher(manifest),
    metrics,
    handle: async (request) => {
      await request.text();
      // What the session guard does for a signed-in member.
      if (request.headers.get("cookie")?.includes("openent_session=")) currentRequest()!.memberId = 42;
      return reply(request);
    },
  });
  server.on("request", app);
  return { port, metrics };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(
  port: number,
  { method = "GET", path = "/", headers = {}, body }: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers: { Host: `localhost:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The log line is written when the response finishes, which may come just after the client has read it. */
async function requestLines(count = 1): Promise<Record<string, unknown>[]> {
  for (let i = 0; i < 100 && lines.filter((line) => line.msg === "request").length < count; i++) await new Promise((r) => setImmediate(r));
  return lines.filter((line) => line.msg === "request");
}

describe("request log", () => {
  it("writes one JSON line per request with method, route id, status, duration and the echoed request id", async () => {
    const { port } = await start();
    const answer = await send(port, { path: "/fils/12-budget?page=2" });
    expect(answer.status).toBe(200);
    const [line] = await requestLines();
    expect(line).toMatchObject({ level: 30, method: "GET", route: "routes/fils.$ref", path: "/fils/12-budget", status: 200 });
    expect(typeof line!.durationMs).toBe("number");
    expect(line!.requestId).toBe(answer.headers["x-request-id"]);
    expect(String(line!.requestId)).toMatch(/^[0-9a-f-]{36}$/);
    expect(line).not.toHaveProperty("memberId");
  });

  it("keeps a well-formed incoming X-Request-Id and replaces a malformed one", async () => {
    const { port } = await start();
    const kept = await send(port, { headers: { "X-Request-Id": "proxy-4f2a9c01" } });
    expect(kept.headers["x-request-id"]).toBe("proxy-4f2a9c01");
    const replaced = await send(port, { headers: { "X-Request-Id": "<script>\u00e9" } });
    expect(replaced.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect((await requestLines(2)).map((line) => line.requestId)).toEqual(["proxy-4f2a9c01", replaced.headers["x-request-id"]]);
  });

  it("names the signed-in member by id on a form post, and never logs the cookie, the body or the query string", async () => {
    const { port } = await start();
    await send(port, {
      method: "POST",
      path: "/fils/12-budget?secret=query-value",
      headers: { Cookie: "openent_session=cookie-value", "Content-Type": "application/x-www-form-urlencoded", Origin: `http://localhost:${port}` },
      body: "body=body-value",
    });
    const [line] = await requestLines();
    expect(line).toMatchObject({ method: "POST", route: "routes/fils.$ref", memberId: 42, status: 200 });
    const text = JSON.stringify(lines);
    for (const secret of ["cookie-value", "body-value", "query-value", "secret="]) expect(text).not.toContain(secret);
  });

  it("replaces invitation and password-reset tokens in the path", async () => {
    const { port } = await start();
    await send(port, { path: "/invitation/tok-invitation-1234" });
    await send(port, { path: "/mot-de-passe-oublie/tok-reset-5678.data" });
    const logged = await requestLines(2);
    expect(logged.map((line) => [line.route, line.path])).toEqual([
      ["routes/invitation.$token", "/invitation/:token"],
      ["routes/mot-de-passe-oublie.$token", "/mot-de-passe-oublie/:token"],
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/tok-invitation|tok-reset/);
  });

  it("logs a 5xx at error level, and requests refused before Remix with the first path segment only", async () => {
    const { port } = await start({ reply: () => new Response("boom", { status: 500 }) });
    await send(port, { path: "/fils/1" });
    await send(port, { path: "/invitation/tok-secret-999", headers: { Host: "attacker.example" } });
    const [failed, refused] = await requestLines(2);
    expect(failed).toMatchObject({ level: 50, status: 500, route: "routes/fils.$ref" });
    expect(refused).toMatchObject({ status: 400, route: "none", path: "/invitation" });
  });
});

describe("/metrics", () => {
  it("serves Prometheus text to a loopback client: latency by route, status counts, pool, outbox backlog, event loop lag", async () => {
    const { port } = await start();
    await send(port, { path: "/fils/1" });
    await send(port, { path: "/fils/2" });
    const answer = await send(port, { path: "/metrics" });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(answer.body).toContain('openent_http_requests_total{method="GET",route="routes/fils.$ref",status="200"} 2');
    expect(answer.body).toMatch(/openent_http_request_duration_seconds_count\{method="GET",route="routes\/fils\.\$ref"\} 2/);
    expect(answer.body).toContain("openent_db_pool_connections 3");
    expect(answer.body).toContain("openent_db_pool_idle_connections 2");
    expect(answer.body).toContain("openent_db_pool_waiting_clients 1");
    expect(answer.body).toContain("openent_mail_outbox_backlog 7");
    expect(answer.body).toContain("nodejs_eventloop_lag_seconds");
    // Without read replicas: no replica series at all.
    expect(answer.body).not.toMatch(/^openent_db_replica_up\{/m);
    expect(answer.body).not.toMatch(/^openent_db_reads_total\{/m);
  });

  it("shows each read replica's state and lag, and where reads went", async () => {
    const metrics = createMetrics({
      gauges: async () => ({
        pool: { total: 1, idle: 1, waiting: 0 },
        outboxBacklog: 0,
        replicas: [
          { name: "10.0.0.13:5432/openent", state: "ok", lagSeconds: 0.25 },
          { name: "10.0.0.14:5432/openent", state: "down", lagSeconds: null },
        ],
        reads: [
          { target: "replica", reason: "ok", count: 12 },
          { target: "primary", reason: "replica_down", count: 3 },
        ],
      }),
    });
    const text = await metrics.registry.metrics();
    expect(text).toContain('openent_db_replica_up{replica="10.0.0.13:5432/openent"} 1');
    expect(text).toContain('openent_db_replica_up{replica="10.0.0.14:5432/openent"} 0');
    expect(text).toContain('openent_db_replica_lag_seconds{replica="10.0.0.13:5432/openent"} 0.25');
    expect(text).not.toContain('openent_db_replica_lag_seconds{replica="10.0.0.14');
    expect(text).toContain('openent_db_reads_total{target="replica",reason="ok"} 12');
    expect(text).toContain('openent_db_reads_total{target="primary",reason="replica_down"} 3');
    // A counter read twice is not counted twice.
    expect(await metrics.registry.metrics()).toContain('openent_db_reads_total{target="replica",reason="ok"} 12');
  });

  it("answers 401 with WWW-Authenticate to a client on another address without the token, 200 with it", async () => {
    const { port } = await start({ env: { METRICS_TOKEN: TOKEN }, peer: "203.0.113.9" });
    const refused = await send(port, { path: "/metrics", headers: { Host: "198.51.100.4:9100" } });
    expect(refused.status).toBe(401);
    expect(refused.headers["www-authenticate"]).toBe('Bearer realm="metrics"');
    expect(refused.body).not.toContain("openent_");
    expect((await send(port, { path: "/metrics", headers: { Authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await send(port, { path: "/metrics", headers: { Authorization: "Bearer " } })).status).toBe(401);
    const allowed = await send(port, { path: "/metrics", headers: { Host: "198.51.100.4:9100", Authorization: `Bearer ${TOKEN}` } });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toContain("openent_http_requests_total");
  });

  it("answers 401 to every client on another address when no token is configured", async () => {
    const { port } = await start({ peer: "::ffff:192.0.2.10" });
    expect((await send(port, { path: "/metrics", headers: { Authorization: "Bearer anything" } })).status).toBe(401);
  });

  it("needs the token behind a reverse proxy on this host: a loopback socket with X-Forwarded-For is not local", async () => {
    const { port } = await start({ env: { METRICS_TOKEN: TOKEN, TRUST_PROXY: "loopback" } });
    expect((await send(port, { path: "/metrics", headers: { "X-Forwarded-For": "127.0.0.1" } })).status).toBe(401);
    expect((await send(port, { path: "/metrics", headers: { Forwarded: "for=127.0.0.1" } })).status).toBe(401);
    const withToken = await send(port, { path: "/metrics", headers: { "X-Forwarded-For": "192.0.2.1", Authorization: `Bearer ${TOKEN}` } });
    expect(withToken.status).toBe(200);
  });

  it("refuses a METRICS_TOKEN too short to be a secret at start-up", () => {
    expect(() => serverConfig({ METRICS_TOKEN: "court" })).toThrow(ConfigError);
    expect(serverConfig({ METRICS_TOKEN: ` ${TOKEN} ` }).metricsToken).toBe(TOKEN);
  });

  it("tells loopback addresses from others", () => {
    for (const address of ["127.0.0.1", "127.8.0.3", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ["10.0.0.1", "::ffff:10.0.0.1", "192.0.2.127", "::2", "fe80::1", undefined, ""]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });
});
