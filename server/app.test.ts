import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type * as nodeFs from "node:fs";
import { createRequire } from "node:module";
import { connect, type AddressInfo } from "node:net";

import type { AppLoadContext } from "@remix-run/node";
import express from "express";
import { afterEach, describe, expect, it, vi } from "vitest";

import { createApp, serverConfig } from "./app";
import { answerClientErrors } from "./pages";

/**
 * The real Express stack of server/index.ts, in-process on a loopback port, with a stand-in for the
 * Remix build that records what Remix would have been given.
 */

interface Seen {
  url: string;
  headers: Headers;
  body: string;
  context: AppLoadContext;
}

interface Harness {
  port: number;
  seen: Seen[];
  server: Server;
}

let running: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => running?.close(resolve) ?? resolve(undefined));
  running = undefined;
});

async function start(env: Record<string, string> = {}, reply: (request: Request) => Response = () => new Response("ok")): Promise<Harness> {
  const server = createServer();
  running = server;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const seen: Seen[] = [];
  const app = createApp({
    config: serverConfig({ PORT: String(port), ...env }),
    handle: async (request, context) => {
      seen.push({ url: request.url, headers: request.headers, body: await request.text(), context });
      return reply(request);
    },
  });
  server.on("request", app);
  answerClientErrors(server);
  return { port, seen, server };
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
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers, setHost: !("Host" in headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function expectFrenchPage(answer: Answer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.headers["content-type"]).toMatch(/^text\/html/);
  expect(answer.body).toContain('<html lang="fr">');
  expect(answer.body).not.toMatch(/Bad Request|Payload Too Large|Internal Server Error|\n\s+at /);
}

const form = { "Content-Type": "application/x-www-form-urlencoded" };

describe("allowed hosts", () => {
  it("answers another Host with a French 400 page, before Remix and without echoing it", async () => {
    const { port, seen } = await start();
    const answer = await send(port, { headers: { Host: "attacker.example" } });
    expectFrenchPage(answer, 400);
    expect(answer.body).not.toContain("attacker.example");
    expect(answer.body).toContain(`href="http://localhost:${port}/"`);
    expect(seen).toEqual([]);
  });

  it("accepts the loopback names on the port in embedded mode, and /healthz from any host", async () => {
    const { port, seen } = await start();
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await send(port, { headers: { Host: host } })).status, host).toBe(200);
    }
    expect((await send(port, { headers: { Host: `localhost:${port + 1}` } })).status).toBe(400);
    expect((await send(port, { path: "/healthz", headers: { Host: "10.0.0.7:8080" } })).status).toBe(200);
    expect(seen.at(-1)!.url).toBe(`http://localhost:${port}/healthz`);
  });

  it("accepts only APP_ORIGIN's host on a production server", async () => {
    const { port } = await start({ DATABASE_URL: "postgres://db/openent", APP_ORIGIN: "https://echanges.example.org" });
    expect((await send(port, { headers: { Host: "echanges.example.org" } })).status).toBe(200);
    expect((await send(port, { headers: { Host: `localhost:${port}` } })).status).toBe(400);
    expect((await send(port, { headers: { Host: "echanges.example.org.attacker.example" } })).status).toBe(400);
  });

  it("ignores and removes X-Forwarded-Host from an untrusted client: Remix never sees it", async () => {
    const { port, seen } = await start();
    const answer = await send(port, {
      method: "POST",
      path: "/mot-de-passe-oublie",
      headers: { ...form, Host: `localhost:${port}`, "X-Forwarded-Host": "attacker.example:31337", Referer: `http://localhost:${port}/mot-de-passe-oublie` },
      body: "email=claire%40exemple.fr",
    });
    expect(answer.status).toBe(200);
    expect(seen[0]!.url).toBe(`http://localhost:${port}/mot-de-passe-oublie`);
    expect(seen[0]!.headers.get("x-forwarded-host")).toBeNull();
    expect(seen[0]!.body).toBe("email=claire%40exemple.fr");
  });

  it("checks X-Forwarded-Host from a trusted proxy like Host", async () => {
    const env = { DATABASE_URL: "postgres://db/openent", APP_ORIGIN: "https://echanges.example.org", TRUST_PROXY: "loopback" };
    const { port, seen } = await start(env);
    const proxied = { Host: `127.0.0.1:${port}`, "X-Forwarded-Proto": "https" };
    expect((await send(port, { headers: { ...proxied, "X-Forwarded-Host": "echanges.example.org" } })).status).toBe(200);
    expect(seen[0]!.url).toBe("https://echanges.example.org/");
    expect((await send(port, { headers: { ...proxied, "X-Forwarded-Host": "attacker.example" } })).status).toBe(400);
  });
});

describe("CSRF origin check", () => {
  it("accepts the configured origin and its loopback aliases, refuses any other with a French 403", async () => {
    const { port, seen } = await start();
    for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`]) {
      expect((await send(port, { method: "POST", headers: { ...form, Origin: origin }, body: "a=1" })).status, origin).toBe(200);
    }
    const forged = await send(port, { method: "POST", headers: { ...form, Origin: "http://attacker.example" }, body: "a=1" });
    expectFrenchPage(forged, 403);
    expect(seen).toHaveLength(2);
  });

  it("lets RFC 8058 one-click unsubscribe posts through without an Origin, and nothing else", async () => {
    const { port, seen } = await start();
    const oneClick = { ...form };
    const unsubscribe = await send(port, { method: "POST", path: "/desinscription/12.34.abc_-", headers: oneClick, body: "List-Unsubscribe=One-Click" });
    expect(unsubscribe.status).toBe(200);
    for (const path of ["/desinscription", "/desinscription/a/b", "/notifications", "/desinscription/x%2Fy"]) {
      expectFrenchPage(await send(port, { method: "POST", path, headers: oneClick, body: "a=1" }), 403);
    }
    expect(seen.map((s) => new URL(s.url).pathname)).toEqual(["/desinscription/12.34.abc_-"]);
  });

  it("does not take the request's own Host as the origin to compare with", async () => {
    const { port } = await start({ APP_ORIGIN: "https://echanges.example.org" });
    // Reaching the app by another allowed name does not make that name a valid Origin.
    const answer = await send(port, {
      method: "POST",
      headers: { ...form, Host: "echanges.example.org", Origin: "http://echanges.example.org" },
      body: "a=1",
    });
    expect(answer.status).toBe(403);
  });
});

describe("TRUST_PROXY", () => {
  it("reads TRUST_PROXY=1 as one trusted hop: the client address comes from X-Forwarded-For", async () => {
    const { port, seen } = await start({ TRUST_PROXY: "1" });
    await send(port, { headers: { "X-Forwarded-For": "203.0.113.9" } });
    expect(seen[0]!.context.clientAddress).toBe("203.0.113.9");
  });

  it("(Express alone reads the string \"1\" as the address 0.0.0.1 and trusts nobody)", () => {
    const app = express();
    app.set("trust proxy", "1");
    const trust = app.get("trust proxy fn") as (address: string, hop: number) => boolean;
    expect(trust("127.0.0.1", 0)).toBe(false);
  });

  it("without TRUST_PROXY, a client cannot choose its address", async () => {
    const { port, seen } = await start();
    await send(port, { headers: { "X-Forwarded-For": "203.0.113.9" } });
    expect(seen[0]!.context.clientAddress).toBe("127.0.0.1");
  });
});

describe("request body limits", () => {
  it("refuses a declared oversized body with a French 413 before reading it", async () => {
    const { port, seen } = await start();
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port, method: "POST", path: "/connexion", headers: { ...form, Origin: `http://localhost:${port}`, "Content-Length": String(400 * 1024 * 1024) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") });
          });
        },
      );
      req.on("error", reject);
      // 64 KB of the announced 400 MB: the answer comes without waiting for the rest.
      req.write("email=" + "a".repeat(64 * 1024));
    });
    expectFrenchPage(answer, 413);
    expect(answer.headers.connection).toBe("close");
    expect(seen).toEqual([]);
  });

  it("counts a chunked body as it arrives and stops reading at the limit", async () => {
    const { port, seen } = await start();
    const chunk = "a".repeat(16 * 1024);
    let written = 0;
    const status = await new Promise<number>((resolve, reject) => {
      let answered = false;
      const req = httpRequest(
        { host: "127.0.0.1", port, method: "POST", path: "/mot-de-passe-oublie", headers: { ...form, Origin: `http://localhost:${port}`, "Transfer-Encoding": "chunked" } },
        (res) => {
          answered = true;
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", (error) => (answered ? undefined : reject(error)));
      const pump = () => {
        // Up to 400 MB unless the server answers first (it must, long before).
        while (!answered && written < 400 * 1024 * 1024) {
          written += chunk.length;
          if (!req.write(chunk)) {
            req.once("drain", pump);
            return;
          }
        }
      };
      pump();
    });
    expect(status).toBe(413);
    expect(seen).toEqual([]);
    // The server stopped reading: what was sent is bounded by the socket buffers, not the body.
    expect(written).toBeLessThan(32 * 1024 * 1024);
  });

  it("passes bodies within the limit whole to Remix: small for visitors, larger for members", async () => {
    const { port, seen } = await start();
    const origin = { ...form, Origin: `http://localhost:${port}` };
    const small = `email=${"a".repeat(10 * 1024)}`;
    expect((await send(port, { method: "POST", path: "/connexion", headers: origin, body: small })).status).toBe(200);
    expect(seen[0]!.body).toBe(small);

    const large = `body=${"é".repeat(200 * 1024)}`;
    expect((await send(port, { method: "POST", path: "/fils/nouveau", headers: origin, body: large })).status).toBe(413);
    const member = { ...origin, Cookie: "openent_session=abc" };
    expect((await send(port, { method: "POST", path: "/fils/nouveau", headers: member, body: large })).status).toBe(200);
    expect(seen[1]!.body).toBe(large);
    const tooLarge = `body=${"a".repeat(1024 * 1024)}`;
    expect((await send(port, { method: "POST", path: "/fils/nouveau", headers: member, body: tooLarge })).status).toBe(413);
  });
});

describe("private pages are never cached", () => {
  const cacheable = () => new Response("page", { headers: { "Cache-Control": "public, max-age=600" } });

  it("sends no-store to a signed-in member (either cookie name) and on admin pages, whatever the route says", async () => {
    const { port } = await start({}, cacheable);
    for (const cookie of ["openent_session=abc", "theme=clair; __Host-openent_session=abc"]) {
      expect((await send(port, { headers: { Cookie: cookie } })).headers["cache-control"], cookie).toBe("no-store");
    }
    expect((await send(port, { path: "/admin/membres" })).headers["cache-control"]).toBe("no-store");
  });

  it("leaves public pages for visitors as the route says, and a route's own no-store stands", async () => {
    const { port } = await start({}, cacheable);
    expect((await send(port, { headers: { Cookie: "openent_session=" } })).headers["cache-control"]).toBe("public, max-age=600");
    const own = await start({}, () => new Response("x", { headers: { "Cache-Control": "private, no-store" } }));
    expect((await send(own.port, { headers: { Cookie: "openent_session=abc" } })).headers["cache-control"]).toBe("private, no-store");
  });
});

describe("Express-level errors", () => {
  it("answers a malformed URL with a French 400 page", async () => {
    const { port, seen } = await start();
    expectFrenchPage(await send(port, { path: "/%E0%A4%A" }), 400);
    expect(seen).toEqual([]);
  });

  it("answers a failure outside Remix with a French 500 page, without the stack trace", async () => {
    const { port } = await start({}, () => {
      throw new Error("secret internals");
    });
    const original = console.error;
    console.error = () => undefined;
    try {
      const answer = await send(port);
      expectFrenchPage(answer, 500);
      expect(answer.body).not.toContain("secret internals");
    } finally {
      console.error = original;
    }
  });

  it("answers a request Node cannot parse with the French 400 page", async () => {
    const { port } = await start();
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.write("GET / HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n"));
      const chunks: Buffer[] = [];
      socket.on("data", (chunk) => chunks.push(chunk));
      socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      socket.on("error", reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(text).toContain('<html lang="fr">');
  });
});

describe("robots.txt and favicon.ico", () => {
  it("serve both, and robots.txt keeps crawlers off members-only pages but not off public threads", async () => {
    const { port } = await start();
    const robots = await send(port, { path: "/robots.txt" });
    expect(robots.status).toBe(200);
    for (const path of ["/admin", "/compte", "/connexion", "/invitation", "/mot-de-passe-oublie", "/apercu", "/messages", "/fils/nouveau"]) {
      expect(robots.body).toContain(`Disallow: ${path}\n`);
    }
    expect(robots.body).not.toMatch(/^Disallow: \/(fils|collectivites)?$/m);
    const favicon = await send(port, { path: "/favicon.ico" });
    expect(favicon.status).toBe(200);
    expect(favicon.headers["content-type"]).toMatch(/^image\//);
  });
});

describe("static files", () => {
  it("a page costs no file-system lookup: only /build/ and the files at the top of public/ are read from disk", async () => {
    // The CommonJS `fs` object, which express.static (send) calls through.
    const fs = createRequire(import.meta.url)("node:fs") as typeof nodeFs;
    const { port, seen } = await start();
    const stat = vi.spyOn(fs, "stat");
    try {
      const page = await send(port, { path: "/fils/12-un-fil" });
      expect(page.status).toBe(200);
      expect(seen).toHaveLength(1);
      expect(stat).not.toHaveBeenCalled();
      // `/robots.txt/x` or `/favicon.svg.bak` are not files of public/: Remix answers them.
      await send(port, { path: "/robots.txt/x" });
      expect(seen).toHaveLength(2);
      expect(stat).not.toHaveBeenCalled();
    } finally {
      stat.mockRestore();
    }
    const svg = await send(port, { path: "/favicon.svg" });
    expect(svg.status).toBe(200);
    expect(svg.headers["content-type"]).toMatch(/^image\/svg/);
    expect(seen).toHaveLength(2);
  });
});
