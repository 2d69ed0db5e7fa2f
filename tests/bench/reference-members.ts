import type { Server } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

import { createRequestHandler, type ServerBuild } from "@remix-run/node";

import { openDatabase, type DatabaseHandle } from "../../db/client";
import { createApp, serverConfig } from "../../server/app";
import { recordPoolStatements, type SentStatement } from "../integration/support/record-statements";

/**
 * The member half of the same-SQL reference (reference-server.ts): what a signed-in page costs the
 * database is recorded from the app itself. The production build (`build/index.js`) runs behind the
 * real Express stack of server/app.ts, on a loopback port of this process, with every statement
 * sent on its pool's connections recorded with its parameters (Lucia's session validation, the
 * header's counts and notices, read marks, useful marks…), as tests/integration/request-cost.test.ts
 * counts them. Each page is asked twice with the member's cookie and the second request's
 * statements are kept: the first may write what a member's first view writes once (the read mark,
 * `last_seen_at`), which the app does not repeat under load either. The reference then replays them;
 * this app is never on the measured path.
 */

export type Statement = SentStatement;

let recording: Statement[] | null = null;

let app: Promise<{ origin: string; handle: DatabaseHandle; server: Server }> | undefined;

async function startApp(databaseUrl: string) {
  const handle = await openDatabase({ kind: "server", url: databaseUrl });
  recordPoolStatements(handle.pool, (statement) => recording?.push(statement));
  globalThis.__openentDatabase = Promise.resolve(handle);
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = await new Promise<Server>((listening) => {
    const started: Server = createApp({
      config: serverConfig({ PORT: String(port), APP_ORIGIN: origin }),
      handle: createRequestHandler(build, "production"),
    }).listen(port, "127.0.0.1", () => listening(started));
  });
  return { origin, handle, server };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * The statements the app sends for `path` with this `Cookie` header (second request), or null when
 * the app does not answer 200 (a redirect, a 404: the reference answers 404 too).
 */
export function recordMemberPage(databaseUrl: string, path: string, cookie: string): Promise<Statement[] | null> {
  app ??= startApp(databaseUrl);
  const next = queue.then(async () => {
    const { origin } = await app!;
    const ask = async () => {
      const response = await fetch(`${origin}${path}`, { headers: { cookie }, redirect: "manual" });
      await response.arrayBuffer();
      return response.status;
    };
    if ((await ask()) !== 200) return null;
    recording = [];
    try {
      return (await ask()) === 200 ? recording : null;
    } finally {
      recording = null;
    }
  });
  queue = next.catch(() => undefined);
  return next;
}
