import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterEach, describe, expect, it } from "vitest";

import { drainServer } from "./shutdown";

/** drainServer on a real HTTP server on loopback, with keep-alive clients. */

let server: Server | undefined;
const agents: Agent[] = [];

afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  for (const agent of agents.splice(0)) agent.destroy();
});

async function start(handler: (finish: () => void, path: string) => void): Promise<number> {
  server = createServer((req, res) => handler(() => res.end("fini"), req.url ?? "/"));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function get(port: number, agent: Agent, path = "/"): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, agent }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    req.on("error", reject);
    req.end();
  });
}

function keepAliveAgent(): Agent {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  agents.push(agent);
  return agent;
}

describe("drainServer", () => {
  it("finishes the requests in progress, closes idle keep-alive connections at once and refuses new ones", async () => {
    const pending: (() => void)[] = [];
    const port = await start((finish, path) => (path === "/lent" ? pending.push(finish) : finish()));
    const idle = keepAliveAgent();
    await get(port, idle); // leaves an idle keep-alive connection open
    const busy = keepAliveAgent();
    const slow = get(port, busy, "/lent");
    while (pending.length === 0) await new Promise((resolve) => setImmediate(resolve));

    const drained = drainServer(server!, { timeoutMs: 5_000 });
    await expect(get(port, keepAliveAgent())).rejects.toThrow(/ECONNREFUSED/);
    pending[0]!();
    expect(await slow).toMatchObject({ status: 200, body: "fini" });
    const result = await drained;
    expect(result.forced).toBe(false);
    // Neither the idle connection nor the finished one held the server until a keep-alive timeout.
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it("cuts the connections still busy after the timeout", async () => {
    let received = 0;
    const port = await start(() => (received += 1)); // never answers
    const hanging = get(port, keepAliveAgent()).catch((error: Error) => error);
    while (received === 0) await new Promise((resolve) => setImmediate(resolve));
    const result = await drainServer(server!, { timeoutMs: 150 });
    expect(result.forced).toBe(true);
    expect(await hanging).toBeInstanceOf(Error);
  });
});
