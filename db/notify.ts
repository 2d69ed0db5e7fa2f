import type { PGlite } from "@electric-sql/pglite";
import { sql, type Kysely } from "kysely";
import pg from "pg";

import type { Database } from "./schema";

/**
 * PostgreSQL LISTEN/NOTIFY behind one interface, so that page caches, live updates and anything
 * else that must hear about writes made by another app process never ask which database runs.
 *
 * - On a server, one dedicated `pg.Client` per process holds every LISTEN (never a pooled
 *   connection). When it drops, it reconnects with backoff, listens again, and tells `onGap`
 *   subscribers: notifications sent while it was away are lost, so caches must be cleared.
 * - On PGlite, the pool has a single connection and a client held for LISTEN would starve it;
 *   PGlite's own `listen(channel, cb)` receives `pg_notify` sent through the pool (in
 *   transactions too, delivered at commit), so that is what it uses. There is no gap to report.
 *
 * Sending is the same on both: `notify(db, channel, payload)` inside the writer's transaction,
 * delivered on commit, dropped on rollback.
 */

export type NotificationHandler = (payload: string) => void;

export interface Notifications {
  /** Subscribes to `channel` (lower-case letters, digits, `_`); resolves once listening. Returns the unsubscribe. */
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  /** `callback` runs after the listening connection was lost and re-established. Returns the unsubscribe. */
  onGap(callback: () => void): () => void;
  /**
   * Resolves once every notification committed before the call has reached its handlers; rejects
   * while the listening connection is down. A cache checks it before answering from memory, so a
   * write acknowledged to anyone is never followed by a stale page (docs/decisions/006-page-cache.md).
   */
  barrier(): Promise<void>;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
/** NOTIFY payloads must stay below 8 000 bytes. */
export const MAX_PAYLOAD_BYTES = 7_900;

function checkChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`invalid notification channel: ${JSON.stringify(channel)}`);
}

/** Sends `payload` on `channel`; inside a transaction it is delivered at commit. */
export async function notify(db: Kysely<Database>, channel: string, payload: string): Promise<void> {
  checkChannel(channel);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`notification payload over ${MAX_PAYLOAD_BYTES} bytes`);
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}

class HandlerSet {
  private readonly byChannel = new Map<string, Set<NotificationHandler>>();
  readonly gapCallbacks = new Set<() => void>();

  add(channel: string, handler: NotificationHandler): boolean {
    let set = this.byChannel.get(channel);
    const first = !set;
    if (!set) this.byChannel.set(channel, (set = new Set()));
    set.add(handler);
    return first;
  }

  /** True when the channel has no handler left. */
  remove(channel: string, handler: NotificationHandler): boolean {
    const set = this.byChannel.get(channel);
    if (!set) return false;
    set.delete(handler);
    if (set.size > 0) return false;
    this.byChannel.delete(channel);
    return true;
  }

  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  deliver(channel: string, payload: string): void {
    for (const handler of this.byChannel.get(channel) ?? []) {
      try {
        handler(payload);
      } catch (error) {
        console.error(`[db] notification handler on ${channel} failed: ${(error as Error).message}`);
      }
    }
  }

  gap(): void {
    for (const callback of this.gapCallbacks) {
      try {
        callback();
      } catch (error) {
        console.error(`[db] notification gap callback failed: ${(error as Error).message}`);
      }
    }
  }
}

function gapSubscription(handlers: HandlerSet, callback: () => void): () => void {
  handlers.gapCallbacks.add(callback);
  return () => void handlers.gapCallbacks.delete(callback);
}

export function embeddedNotifications(lite: PGlite): Notifications {
  const handlers = new HandlerSet();
  const unlisten = new Map<string, Promise<() => Promise<void>>>();
  let closed = false;
  return {
    async listen(channel, handler) {
      checkChannel(channel);
      if (closed) throw new Error("notifications closed");
      if (handlers.add(channel, handler)) {
        unlisten.set(channel, lite.listen(channel, (payload) => handlers.deliver(channel, payload)));
      }
      await unlisten.get(channel);
      return async () => {
        if (!handlers.remove(channel, handler)) return;
        const stop = unlisten.get(channel);
        unlisten.delete(channel);
        if (stop && !closed) await (await stop)();
      };
    },
    onGap: (callback) => gapSubscription(handlers, callback),
    // One process, one connection: PGlite runs the handlers while it reads the committing
    // statement's answer, before the writer's promise resolves.
    barrier: () => (closed ? Promise.reject(new Error("notifications closed")) : Promise.resolve()),
    async close() {
      closed = true;
      unlisten.clear();
    },
  };
}

export interface ServerNotificationOptions {
  /** First reconnection delay; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  log?: (message: string) => void;
}

export function serverNotifications(
  clientConfig: pg.ClientConfig,
  { retryMs = 250, maxRetryMs = 10_000, log = (message) => console.error(message) }: ServerNotificationOptions = {},
): Notifications {
  const handlers = new HandlerSet();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = retryMs;
  let closed = false;
  let barrierRunning: Promise<void> | undefined;
  let barrierQueued: Promise<void> | undefined;

  async function connect(): Promise<pg.Client> {
    const next = new pg.Client(clientConfig);
    next.on("notification", (message) => handlers.deliver(message.channel, message.payload ?? ""));
    next.on("error", (error) => lost(next, error));
    next.on("end", () => lost(next, new Error("connection ended")));
    await next.connect();
    for (const channel of handlers.channels()) await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    return next;
  }

  function ensure(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= connect().then(
      (connected) => {
        connecting = undefined;
        if (closed) {
          void connected.end().catch(() => undefined);
          throw new Error("notifications closed");
        }
        client = connected;
        delay = retryMs;
        return connected;
      },
      (error: unknown) => {
        connecting = undefined;
        throw error;
      },
    );
    return connecting;
  }

  function lost(which: pg.Client, error: Error): void {
    if (client !== which || closed) return;
    client = undefined;
    log(`[db] LISTEN connection lost (${error.message}); reconnecting`);
    void which.end().catch(() => undefined);
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      ensure().then(
        () => handlers.gap(),
        (error: unknown) => {
          log(`[db] LISTEN reconnection failed (${(error as Error).message}); retrying in ${delay} ms`);
          delay = Math.min(delay * 2, maxRetryMs);
          scheduleReconnect();
        },
      );
    }, delay);
    retryTimer.unref();
  }

  /**
   * PostgreSQL sends a listening session the notifications committed before a query ahead of that
   * query's answer (and a writer's COMMIT returns only once listeners are signalled), so a round
   * trip on the LISTEN connection that starts after a caller arrived covers every write
   * acknowledged before. Callers share round trips: one in flight, the next for those who came during it.
   */
  function roundTrip(): Promise<void> {
    const current = client;
    if (!current || closed) return Promise.reject(new Error("not listening"));
    barrierRunning = current.query("select 1").then(
      () => undefined,
    ).finally(() => {
      barrierRunning = undefined;
    });
    return barrierRunning;
  }

  function barrier(): Promise<void> {
    if (!barrierRunning) return roundTrip();
    barrierQueued ??= barrierRunning
      .catch(() => undefined)
      .then(() => {
        barrierQueued = undefined;
        return barrierRunning ?? roundTrip();
      });
    return barrierQueued;
  }

  return {
    barrier,
    async listen(channel, handler) {
      checkChannel(channel);
      if (closed) throw new Error("notifications closed");
      const first = handlers.add(channel, handler);
      if (first) {
        try {
          const connected = await ensure();
          await connected.query(`listen ${pg.escapeIdentifier(channel)}`);
        } catch (error) {
          // Not connected now: the reconnection listens to every channel that has handlers.
          log(`[db] LISTEN ${channel} deferred (${(error as Error).message})`);
          scheduleReconnect();
        }
      }
      return async () => {
        if (!handlers.remove(channel, handler) || !client) return;
        await client.query(`unlisten ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
      };
    },
    onGap: (callback) => gapSubscription(handlers, callback),
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client ?? (await connecting?.catch(() => undefined));
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
