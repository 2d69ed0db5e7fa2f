import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

import { afterEach, describe, expect, it } from "vitest";

import { createApp, serverConfig } from "./app";
import { precompressDirectory } from "./precompressed";

/** Compression of what Remix renders per request, and of the built static assets. */

let running: Server | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await new Promise((resolve) => running?.close(resolve) ?? resolve(undefined));
  running = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const big = "<p>Le déploiement de l'ENT dans les collèges</p>".repeat(200);

function streamed(parts: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const next = parts.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(next));
    },
  });
}

/** A page whose second half waits until the client has received the first. */
let received: () => void = () => undefined;
function paused(): ReadableStream<Uint8Array> {
  const firstReceived = new Promise<void>((resolve) => (received = resolve));
  return new ReadableStream({
    async start(controller) {
      controller.enqueue(new TextEncoder().encode(`<html>${big}`));
      await firstReceived;
      controller.enqueue(new TextEncoder().encode("</html>"));
      controller.close();
    },
  });
}

async function start(publicDir?: string): Promise<number> {
  const server = createServer();
  running = server;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const app = createApp({
    config: serverConfig({ PORT: String(port) }),
    publicDir,
    handle: async (request) => {
      const path = new URL(request.url).pathname;
      if (path === "/petit") return new Response("<p>court</p>", { headers: { "Content-Type": "text/html" } });
      if (path === "/pause") return new Response(paused(), { headers: { "Content-Type": "text/html; charset=utf-8" } });
      if (path === "/direct") return new Response(streamed(["data: 1\n\n", big]), { headers: { "Content-Type": "text/event-stream" } });
      return new Response(streamed(["<html>", big.slice(0, 500), big, "</html>"]), { headers: { "Content-Type": "text/html; charset=utf-8" } });
    },
  });
  server.on("request", app);
  return port;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, headers: { Host: `localhost:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("compression of rendered pages", () => {
  it("gzips a page over 1 KB for a browser, brotli for a client that accepts only that, nothing for others", async () => {
    const port = await start();
    const browser = await get(port, "/fils/1", { "Accept-Encoding": "gzip, deflate, br" });
    expect(browser.headers["content-encoding"]).toBe("gzip");
    expect(browser.headers.vary).toContain("Accept-Encoding");
    expect(gunzipSync(browser.body).toString()).toBe(`<html>${big.slice(0, 500)}${big}</html>`);
    const brOnly = await get(port, "/fils/1", { "Accept-Encoding": "br" });
    expect(brOnly.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(brOnly.body).toString()).toBe(`<html>${big.slice(0, 500)}${big}</html>`);
    const plain = await get(port, "/fils/1");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(`<html>${big.slice(0, 500)}${big}</html>`);
  });

  it("sends a page produced at once as one body with its length, not in pieces", async () => {
    const port = await start();
    const plain = await get(port, "/fils/1");
    const expected = `<html>${big.slice(0, 500)}${big}</html>`;
    expect(plain.body.toString()).toBe(expected);
    expect(plain.headers["content-length"]).toBe(String(Buffer.byteLength(expected)));
    expect(plain.headers["transfer-encoding"]).toBeUndefined();
  });

  it("still sends what a page has when it pauses", async () => {
    const port = await start();
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, path: "/pause", headers: { Host: `localhost:${port}` } }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          // The rest of the page is produced only once the first part has arrived.
          received();
        });
        res.on("end", () => resolve(text));
      });
      req.on("error", reject);
      req.end();
    });
    expect(body).toBe(`<html>${big}</html>`);
  });

  it("leaves small pages and event streams alone", async () => {
    const port = await start();
    expect((await get(port, "/petit", { "Accept-Encoding": "gzip" })).headers["content-encoding"]).toBeUndefined();
    expect((await get(port, "/direct", { "Accept-Encoding": "gzip" })).headers["content-encoding"]).toBeUndefined();
  });
});

describe("precompressed static assets", () => {
  it("serves the build's .br or .gz variant with the original type, and the file itself otherwise", async () => {
    const publicDir = mkdtempSync(join(tmpdir(), "openent-static-"));
    dirs.push(publicDir);
    mkdirSync(join(publicDir, "build/_shared"), { recursive: true });
    const script = `export const texte = ${JSON.stringify(big)};`;
    writeFileSync(join(publicDir, "build/_shared/chunk-A.js"), script);
    writeFileSync(join(publicDir, "build/petit.js"), "export {};");
    expect(precompressDirectory(join(publicDir, "build"))).toBe(1);
    const port = await start(publicDir);
    const br = await get(port, "/build/_shared/chunk-A.js", { "Accept-Encoding": "gzip, br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(br.headers["cache-control"]).toContain("immutable");
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    const gzip = await get(port, "/build/_shared/chunk-A.js", { "Accept-Encoding": "gzip" });
    expect(gunzipSync(gzip.body).toString()).toBe(script);
    const plain = await get(port, "/build/_shared/chunk-A.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    const small = await get(port, "/build/petit.js", { "Accept-Encoding": "br" });
    expect(small.headers["content-encoding"]).toBeUndefined();
  });
});
