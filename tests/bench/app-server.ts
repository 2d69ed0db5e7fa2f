import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

import { SERVER_NODE_FLAGS, serverNodeArgs } from "../../server/node-flags";

/**
 * The built app as the bench runs it: `node build/server/index.js` on a free port, in its own
 * process group (so that it stops with anything it started), waited for on `/healthz`, stopped
 * whatever happens.
 */

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Server {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

/**
 * `nodeOptions`: the server's Node options (bench --node-options), in place of the ones `npm run serve`
 * passes (server/node-flags.ts), to compare settings in one run; "" for none.
 */
export function startServer(port: number, databaseUrl: string, origin: string, nodeOptions?: string): Server {
  const output: string[] = [];
  const flags = nodeOptions === undefined ? SERVER_NODE_FLAGS : nodeOptions.split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, serverNodeArgs("build/server/index.js", flags), {
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, APP_ORIGIN: origin, NODE_ENV: "production" },
    // Its own process group, so that it stops with anything it started.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (output.length > 50) output.splice(0, output.length - 50);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, output, exited };
}

export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null || server.child.pid === undefined) return;
  const group = -server.child.pid;
  try {
    process.kill(group, "SIGTERM");
  } catch {
    return;
  }
  const stopped = await Promise.race([server.exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!stopped) {
    try {
      process.kill(group, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** Start-up migrates the database first, which can take minutes on a million posts. */
export async function waitForHealth(origin: string, server: Server): Promise<void> {
  const started = Date.now();
  const deadline = started + 15 * 60_000;
  let nextNotice = started + 15_000;
  while (Date.now() < deadline) {
    if (Date.now() >= nextNotice) {
      console.log(`… le serveur démarre encore (${Math.round((Date.now() - started) / 1000)} s : migrations en cours ?)`);
      nextNotice += 15_000;
    }
    if (server.child.exitCode !== null) throw new Error(`Le serveur s'est arrêté (code ${server.child.exitCode}) :\n${server.output.join("\n")}`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`Le serveur ne répond pas sur ${origin}/healthz après 15 min :\n${server.output.join("\n")}`);
}
