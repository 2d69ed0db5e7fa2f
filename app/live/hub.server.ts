import type { Notifications } from "../../db/notify";

/**
 * The process-wide hub of live updates (issue 12, item 6). One LISTEN per channel for the whole
 * process (through db/notify.ts, the same code on PGlite and on a server), fanned out in memory to
 * the server-sent-event streams open on this process:
 *
 * - `thread_posts` (payload: a thread id, sent by the transaction that adds a post): the readers of
 *   that thread get `event: posts` with the thread's current number of posts. Notifications that
 *   arrive together are coalesced into one query for all their threads.
 * - optional member-scoped events (e.g. unread notifications): a channel whose payload lists
 *   member ids (or `*`), and an injected function that counts, per member, what to push.
 * - after the LISTEN connection was lost and came back (`onGap`), every stream is sent fresh
 *   counts, since notifications sent meanwhile are lost.
 *
 * Streams are bounded per member (or per address for visitors) and in total; a comment line every
 * 25 s keeps proxies from closing idle streams; `close()` ends them all (graceful shutdown).
 */

export const THREAD_CHANNEL = "thread_posts";
export interface LiveLimits {
  perMember: number;
  perAddress: number;
  total: number;
}

// A member's every page holds one stream (the header's count): ten tabs at once, then 429.
export const DEFAULT_LIMITS: LiveLimits = { perMember: 10, perAddress: 20, total: 500 };
const HEARTBEAT_MS = 25_000;
const COALESCE_MS = 20;

export interface LiveClient {
  /** `member:<id>` or `address:<ip>`: whose streams are counted together. */
  owner: string;
  memberId: number | null;
  threadId: number | null;
  /** Writes a raw chunk of the event stream. */
  write(chunk: string): void;
  /** Ends the stream (the hub has already forgotten the client). */
  end(): void;
}

export interface MemberEvents {
  channel: string;
  event: string;
  /** What to push to one member (e.g. `{ unread: 3 }`). */
  data(memberId: number): Promise<unknown>;
}

export interface HubOptions {
  notifications: Notifications;
  /** The current number of posts of each thread (one query for all of them). */
  threadPostCounts(threadIds: number[]): Promise<Map<number, number>>;
  memberEvents?: MemberEvents | undefined;
  limits?: Partial<LiveLimits>;
  heartbeatMs?: number;
  log?: (message: string) => void;
}

export type ConnectResult = { ok: true; disconnect: () => void } | { ok: false; reason: "owner" | "total" | "closed" };

export function formatEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class LiveHub {
  private readonly clients = new Set<LiveClient>();
  private readonly byOwner = new Map<string, number>();
  private readonly limits: LiveLimits;
  private listening: Promise<void> | undefined;
  private readonly unsubscribe: (() => Promise<void> | void)[] = [];
  private heartbeat: NodeJS.Timeout | undefined;
  private pendingThreads = new Set<number>();
  private flushTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: HubOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  get size(): number {
    return this.clients.size;
  }

  /** Starts listening (once); resolves when the LISTENs are in place. */
  start(): Promise<void> {
    this.listening ??= (async () => {
      const { notifications, memberEvents } = this.options;
      this.unsubscribe.push(await notifications.listen(THREAD_CHANNEL, (payload) => this.onThreadPost(payload)));
      if (memberEvents) this.unsubscribe.push(await notifications.listen(memberEvents.channel, (payload) => this.onMemberPayload(payload)));
      this.unsubscribe.push(notifications.onGap(() => this.refreshAll()));
      this.heartbeat = setInterval(() => this.broadcast(": ping\n\n"), this.options.heartbeatMs ?? HEARTBEAT_MS);
      this.heartbeat.unref();
    })();
    return this.listening;
  }

  /** Registers a stream, or says why not (too many streams for its owner, or in all). */
  connect(client: LiveClient): ConnectResult {
    if (this.closed) return { ok: false, reason: "closed" };
    if (this.clients.size >= this.limits.total) return { ok: false, reason: "total" };
    const owned = this.byOwner.get(client.owner) ?? 0;
    const limit = client.memberId === null ? this.limits.perAddress : this.limits.perMember;
    if (owned >= limit) return { ok: false, reason: "owner" };
    this.clients.add(client);
    this.byOwner.set(client.owner, owned + 1);
    let connected = true;
    return {
      ok: true,
      disconnect: () => {
        if (!connected) return;
        connected = false;
        this.forget(client);
      },
    };
  }

  /** Sends a client what it would have missed before it connected (its thread's count, its member data). */
  async welcome(client: LiveClient): Promise<void> {
    await Promise.all([
      client.threadId !== null ? this.pushThreadCounts([client.threadId], [client]) : undefined,
      client.memberId !== null && this.options.memberEvents ? this.pushMemberData([client.memberId], [client]) : undefined,
    ]);
  }

  /** Ends every stream and refuses new ones; stops listening. */
  async close(): Promise<void> {
    this.endAll();
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.listening?.catch(() => undefined);
    await Promise.all(this.unsubscribe.splice(0).map((stop) => Promise.resolve(stop()).catch(() => undefined)));
  }

  /** The first half of a graceful shutdown: end the streams at once so the HTTP server can drain. */
  endAll(): void {
    this.closed = true;
    for (const client of [...this.clients]) {
      this.forget(client);
      safely(() => client.end());
    }
  }

  private forget(client: LiveClient): void {
    if (!this.clients.delete(client)) return;
    const owned = (this.byOwner.get(client.owner) ?? 1) - 1;
    if (owned > 0) this.byOwner.set(client.owner, owned);
    else this.byOwner.delete(client.owner);
  }

  private broadcast(chunk: string): void {
    for (const client of this.clients) safely(() => client.write(chunk));
  }

  private onThreadPost(payload: string): void {
    const id = Number(payload);
    if (!Number.isSafeInteger(id) || id <= 0) return;
    this.pendingThreads.add(id);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      const ids = [...this.pendingThreads];
      this.pendingThreads = new Set();
      void this.pushThreadCounts(ids, [...this.clients]);
    }, COALESCE_MS);
  }

  private async pushThreadCounts(threadIds: number[], audience: LiveClient[]): Promise<void> {
    const wanted = new Set(threadIds);
    const readers = audience.filter((c) => c.threadId !== null && wanted.has(c.threadId));
    if (readers.length === 0) return;
    let counts: Map<number, number>;
    try {
      counts = await this.options.threadPostCounts([...new Set(readers.map((c) => c.threadId!))]);
    } catch (error) {
      this.options.log?.(`[live] thread counts failed: ${(error as Error).message}`);
      return;
    }
    for (const client of readers) {
      const posts = counts.get(client.threadId!);
      if (posts !== undefined && this.clients.has(client)) safely(() => client.write(formatEvent("posts", { threadId: client.threadId, posts })));
    }
  }

  private onMemberPayload(payload: string): void {
    const all = payload.trim() === "*";
    const ids = all ? null : new Set(payload.split(",").map(Number).filter((n) => Number.isSafeInteger(n) && n > 0));
    const members = [...new Set([...this.clients].map((c) => c.memberId).filter((id): id is number => id !== null && (ids === null || ids.has(id))))];
    void this.pushMemberData(members, [...this.clients]);
  }

  private async pushMemberData(memberIds: number[], audience: LiveClient[]): Promise<void> {
    const events = this.options.memberEvents;
    if (!events || memberIds.length === 0) return;
    await Promise.all(
      memberIds.map(async (memberId) => {
        let data: unknown;
        try {
          data = await events.data(memberId);
        } catch (error) {
          this.options.log?.(`[live] member data failed: ${(error as Error).message}`);
          return;
        }
        const chunk = formatEvent(events.event, data);
        for (const client of audience) if (client.memberId === memberId && this.clients.has(client)) safely(() => client.write(chunk));
      }),
    );
  }

  /** After a gap in notifications: fresh counts for every open stream. */
  private refreshAll(): void {
    const clients = [...this.clients];
    void this.pushThreadCounts([...new Set(clients.map((c) => c.threadId).filter((id): id is number => id !== null))], clients);
    void this.pushMemberData([...new Set(clients.map((c) => c.memberId).filter((id): id is number => id !== null))], clients);
  }
}

function safely(run: () => void): void {
  try {
    run();
  } catch {
    // A stream that is already closed: its own cleanup forgets it.
  }
}
