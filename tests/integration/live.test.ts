import type { Server } from "node:http";

import type { Kysely } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";

import { createReply } from "../../app/forum/posts.server";
import { DEFAULT_LIMITS, LiveHub } from "../../app/live/hub.server";
import { memberEvents, threadPostCounts } from "../../app/live/live.server";
import { markAllNotificationsRead } from "../../app/notifications/notifications.server";
import { subscribe } from "../../app/live/subscribe.server";
import type { Database, User } from "../../db/schema";
import { createApp, serverConfig } from "../../server/app";
import { drainServer } from "../../server/shutdown";
import { freePort } from "./support/app-process";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

/**
 * Live updates end to end below the browser: the real Express stack (security headers, the Remix
 * adapter's streaming) serves `subscribe` on a hub listening through the database's LISTEN/NOTIFY;
 * a reply written through another handle (another app process, on a server) reaches the stream
 * read with fetch.
 */

interface Stream {
  status: number;
  headers: Headers;
  /** Resolves with everything read so far once `predicate` holds (rejects after `timeoutMs`). */
  until(predicate: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  close(): void;
  ended: Promise<void>;
}

async function openStream(url: string, headers: Record<string, string> = {}): Promise<Stream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  let text = "";
  const waiters = new Set<() => void>();
  const ended = (async () => {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += value;
        waiters.forEach((wake) => wake());
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    until(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(text)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(text);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out; stream so far: ${JSON.stringify(text)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => abort.abort(),
    ended,
  };
}

describeOnEachDatabase("live updates over LISTEN/NOTIFY", ({ current }) => {
  let server: Server;
  let hub: LiveHub;
  let base: string;
  let writer: Kysely<Database>;
  const members = new Map<string, User>();

  beforeAll(async () => {
    const test = current();
    hub = new LiveHub({
      notifications: test.handle.notifications,
      threadPostCounts: (ids) => threadPostCounts(test.db, ids),
      memberEvents: memberEvents(test.db),
    });
    await hub.start();
    // On a server, the reply comes from another handle, as from another app process.
    writer = test.backend === "postgresql" ? (await test.openSecondHandle()).db : test.db;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const app = createApp({
      config: serverConfig({ PORT: String(port), APP_ORIGIN: `http://localhost:${port}` }),
      // Stands in for Remix: who is asking comes from a test header instead of a session cookie.
      handle: async (request, context) => {
        const member = members.get(request.headers.get("x-test-member") ?? "");
        return subscribe(test.db, hub, {
          viewer: member ? viewerOf(member) : null,
          threadParam: new URL(request.url).searchParams.get("fil"),
          address: context.clientAddress,
          signal: request.signal,
        });
      },
    });
    await new Promise<void>((resolve) => {
      server = app.listen(port, "127.0.0.1", resolve);
    });
  });

  afterAll(async () => {
    await hub?.close();
    if (server?.listening) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a reply written by another handle reaches the reader's stream as the thread's new count", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const reader = await makeUser(db, "observer");
    members.set("reader", reader);
    const thread = await makeThread(db, author);

    const stream = await openStream(`${base}/direct?fil=${thread.id}`, { "x-test-member": "reader" });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(stream.headers.get("cache-control")).toBe("no-store");
    expect(stream.headers.get("content-security-policy")).toContain("connect-src 'self'");
    // The welcome: the count when the stream opened, so nothing written meanwhile is missed.
    await stream.until((text) => text.includes(`data: {"threadId":${thread.id},"posts":1}`));

    const reply = await createReply(writer, viewerOf(author), thread.id, "Une réponse écrite par un autre processus.");
    expect(reply.ok).toBe(true);
    await stream.until((text) => text.includes(`event: posts\ndata: {"threadId":${thread.id},"posts":2}`));
    stream.close();
    await stream.ended;
  });

  it("a member's own stream carries their unread notification count: up on a reply to them, down when read elsewhere", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const replier = await makeUser(db, "delegate");
    members.set("author", author);
    const thread = await makeThread(db, author);

    const stream = await openStream(`${base}/direct`, { "x-test-member": "author" });
    expect(stream.status).toBe(200);
    await stream.until((text) => text.includes(`event: notifications\ndata: {"unread":0}`));

    // Another process writes a reply: the author is notified in its transaction, then told live.
    expect((await createReply(writer, viewerOf(replier), thread.id, "Une réponse pour l'auteur.")).ok).toBe(true);
    await stream.until((text) => text.includes(`event: notifications\ndata: {"unread":1}`));

    // Read in another tab (another process): the count goes back down.
    expect(await markAllNotificationsRead(writer, author.id)).toBe(1);
    await stream.until((text) => text.split(`event: notifications\ndata: {"unread":0}`).length === 3);
    stream.close();
    await stream.ended;
  });

  it("only readers allowed to read the thread may subscribe", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const membersOnly = await makeThread(db, author);
    const open = await makeThread(db, author);
    await db.updateTable("thread").set({ visibility: "public" }).where("id", "=", open.id).execute();

    const visitorRefused = await openStream(`${base}/direct?fil=${membersOnly.id}`);
    expect(visitorRefused.status).toBe(404);
    for (const bad of ["abc", "-1", "99999999999999999999", "%00", "", "x".repeat(10_000)]) {
      const refused = await openStream(`${base}/direct?fil=${bad}`);
      expect(refused.status, bad.slice(0, 20)).toBe(404);
    }
    const nothingForVisitors = await openStream(`${base}/direct`);
    expect(nothingForVisitors.status).toBe(204);

    const visitor = await openStream(`${base}/direct?fil=${open.id}`);
    expect(visitor.status).toBe(200);
    await visitor.until((text) => text.includes(`"posts":1`));
    visitor.close();

    await db.updateTable("app_user").set({ status: "suspended" }).where("id", "=", author.id).execute();
    members.set("suspended", { ...author, status: "suspended" });
    const suspended = await openStream(`${base}/direct?fil=${membersOnly.id}`, { "x-test-member": "suspended" });
    expect(suspended.status).toBe(404);
  });

  it("a member gets DEFAULT_LIMITS.perMember streams at most (a tab each; 429 with Retry-After beyond), and ending them frees the places", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const busy = await makeUser(db, "delegate");
    members.set("busy", busy);
    const thread = await makeThread(db, author);
    const streams: Stream[] = [];
    for (let i = 0; i < DEFAULT_LIMITS.perMember; i++) {
      const stream = await openStream(`${base}/direct?fil=${thread.id}`, { "x-test-member": "busy" });
      expect(stream.status).toBe(200);
      streams.push(stream);
    }
    const oneTooMany = await openStream(`${base}/direct?fil=${thread.id}`, { "x-test-member": "busy" });
    expect(oneTooMany.status).toBe(429);
    expect(oneTooMany.headers.get("retry-after")).toBe("30");

    streams.pop()!.close();
    // The server notices the client left (the request's signal) and frees its place.
    await expect.poll(async () => {
      const again = await openStream(`${base}/direct?fil=${thread.id}`, { "x-test-member": "busy" });
      if (again.status === 200) streams.push(again);
      return again.status;
    }).toBe(200);

    // Shutdown's first step ends every stream, so the HTTP server drains at once instead of
    // waiting for its timeout and cutting them.
    hub.endAll();
    await Promise.all(streams.map((s) => s.ended));
    const drained = await drainServer(server, { timeoutMs: 8_000 });
    expect(drained.forced).toBe(false);
  });
});
