import { afterEach, describe, expect, it, vi } from "vitest";

import type { NotificationHandler, Notifications } from "../../db/notify";
import { DEFAULT_LIMITS, LiveHub, THREAD_CHANNEL, type LiveClient } from "./hub.server";
import { openEventStream } from "./stream.server";

/** In-memory stand-in for db/notify.ts: `send` plays a NOTIFY, `gap` a lost and regained connection. */
function fakeNotifications() {
  const handlers = new Map<string, Set<NotificationHandler>>();
  const gaps = new Set<() => void>();
  const listens: string[] = [];
  const notifications: Notifications = {
    async listen(channel, handler) {
      listens.push(channel);
      if (!handlers.has(channel)) handlers.set(channel, new Set());
      handlers.get(channel)!.add(handler);
      return async () => void handlers.get(channel)?.delete(handler);
    },
    onGap(callback) {
      gaps.add(callback);
      return () => void gaps.delete(callback);
    },
    async barrier() {},
    async close() {},
  };
  return {
    notifications,
    listens,
    send: (channel: string, payload: string) => handlers.get(channel)?.forEach((h) => h(payload)),
    gap: () => gaps.forEach((g) => g()),
    handlerCount: (channel: string) => handlers.get(channel)?.size ?? 0,
  };
}

function client(owner: string, memberId: number | null, threadId: number | null) {
  const chunks: string[] = [];
  const c: LiveClient & { chunks: string[]; ended: boolean } = {
    owner,
    memberId,
    threadId,
    chunks,
    ended: false,
    write: (chunk) => chunks.push(chunk),
    end: () => (c.ended = true),
  };
  return c;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 40));

describe("LiveHub", () => {
  let hub: LiveHub | undefined;
  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });

  it("listens once per channel however many streams, and pushes a thread's count only to its readers", async () => {
    const fake = fakeNotifications();
    const counts = vi.fn(async (ids: number[]) => new Map(ids.map((id) => [id, id * 10])));
    hub = new LiveHub({ notifications: fake.notifications, threadPostCounts: counts });
    await hub.start();
    await hub.start();
    const readerA = client("member:1", 1, 7);
    const readerB = client("address:10.0.0.1", null, 7);
    const elsewhere = client("member:2", 2, 8);
    for (const c of [readerA, readerB, elsewhere]) expect(hub.connect(c).ok).toBe(true);
    expect(fake.listens).toEqual([THREAD_CHANNEL]);

    fake.send(THREAD_CHANNEL, "7");
    fake.send(THREAD_CHANNEL, "7");
    fake.send(THREAD_CHANNEL, "not-a-number");
    await settle();
    // Coalesced: one query for the two notifications.
    expect(counts).toHaveBeenCalledTimes(1);
    expect(counts).toHaveBeenCalledWith([7]);
    expect(readerA.chunks).toEqual(['event: posts\ndata: {"threadId":7,"posts":70}\n\n']);
    expect(readerB.chunks).toEqual(readerA.chunks);
    expect(elsewhere.chunks).toEqual([]);
  });

  it("bounds streams per member, per visitor address and in total, and frees a place on disconnect", async () => {
    const fake = fakeNotifications();
    hub = new LiveHub({ notifications: fake.notifications, threadPostCounts: async () => new Map(), limits: { perMember: 2, perAddress: 3, total: 7 } });
    const first = hub.connect(client("member:1", 1, 1));
    expect(hub.connect(client("member:1", 1, 2)).ok).toBe(true);
    expect(hub.connect(client("member:1", 1, 3))).toEqual({ ok: false, reason: "owner" });
    // Another member is not affected.
    expect(hub.connect(client("member:2", 2, 1)).ok).toBe(true);
    for (let i = 0; i < 3; i++) expect(hub.connect(client("address:a", null, 1)).ok).toBe(true);
    expect(hub.connect(client("address:a", null, 1))).toEqual({ ok: false, reason: "owner" });
    expect(hub.connect(client("member:3", 3, 1)).ok).toBe(true);
    expect(hub.connect(client("member:4", 4, 1))).toEqual({ ok: false, reason: "total" });
    if (!first.ok) throw new Error("first stream refused");
    first.disconnect();
    first.disconnect();
    expect(hub.size).toBe(6);
    expect(hub.connect(client("member:1", 1, 3)).ok).toBe(true);
  });

  it("pushes member-scoped events from an injected provider, to the named members or to all with *", async () => {
    const fake = fakeNotifications();
    const unread = new Map([
      [1, 3],
      [2, 5],
    ]);
    const data = vi.fn(async (memberId: number) => ({ unread: unread.get(memberId) ?? 0 }));
    hub = new LiveHub({
      notifications: fake.notifications,
      threadPostCounts: async () => new Map(),
      memberEvents: { channel: "notifications_created", event: "notifications", data },
    });
    await hub.start();
    const one = client("member:1", 1, null);
    const oneElsewhere = client("member:1", 1, 4);
    const two = client("member:2", 2, null);
    const visitor = client("address:x", null, 4);
    for (const c of [one, oneElsewhere, two, visitor]) hub.connect(c);

    fake.send("notifications_created", "1,99");
    await settle();
    expect(one.chunks).toEqual(['event: notifications\ndata: {"unread":3}\n\n']);
    expect(oneElsewhere.chunks).toEqual(one.chunks);
    expect(two.chunks).toEqual([]);
    // One count per member, not per stream; never for members with no stream here.
    expect(data.mock.calls.map(([id]) => id)).toEqual([1]);

    fake.send("notifications_created", "*");
    await settle();
    expect(two.chunks).toEqual(['event: notifications\ndata: {"unread":5}\n\n']);
    expect(visitor.chunks).toEqual([]);
  });

  it("after a gap, sends every stream fresh counts", async () => {
    const fake = fakeNotifications();
    hub = new LiveHub({
      notifications: fake.notifications,
      threadPostCounts: async (ids) => new Map(ids.map((id) => [id, 2])),
      memberEvents: { channel: "notifications_created", event: "notifications", data: async () => ({ unread: 1 }) },
    });
    await hub.start();
    const reader = client("member:1", 1, 9);
    hub.connect(reader);
    fake.gap();
    await settle();
    expect(reader.chunks.sort()).toEqual(['event: notifications\ndata: {"unread":1}\n\n', 'event: posts\ndata: {"threadId":9,"posts":2}\n\n']);
  });

  it("sends heartbeats, and close() ends every stream, refuses new ones and stops listening", async () => {
    vi.useFakeTimers();
    try {
      const fake = fakeNotifications();
      hub = new LiveHub({ notifications: fake.notifications, threadPostCounts: async () => new Map(), heartbeatMs: 25_000 });
      await hub.start();
      const reader = client("member:1", 1, 1);
      hub.connect(reader);
      vi.advanceTimersByTime(25_000);
      expect(reader.chunks).toEqual([": ping\n\n"]);
      await hub.close();
      expect(reader.ended).toBe(true);
      expect(hub.size).toBe(0);
      expect(fake.handlerCount(THREAD_CHANNEL)).toBe(0);
      expect(hub.connect(client("member:2", 2, 1))).toEqual({ ok: false, reason: "closed" });
      vi.advanceTimersByTime(60_000);
      expect(reader.chunks).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("openEventStream", () => {
  it("answers text/event-stream, welcomes with the current count, and forgets the stream when the client goes away", async () => {
    const fake = fakeNotifications();
    const hub = new LiveHub({ notifications: fake.notifications, threadPostCounts: async (ids) => new Map(ids.map((id) => [id, 4])) });
    await hub.start();
    const abort = new AbortController();
    const response = openEventStream(hub, { owner: "member:1", memberId: 1, threadId: 3, signal: abort.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("event: posts")) text += (await reader.read()).value ?? "";
    expect(text).toContain("retry: 10000");
    expect(text).toContain('data: {"threadId":3,"posts":4}');
    expect(hub.size).toBe(1);
    abort.abort();
    expect(hub.size).toBe(0);
    expect((await reader.read()).done).toBe(true);
    await hub.close();
  });

  it("refuses a member's stream beyond DEFAULT_LIMITS.perMember with 429 and Retry-After", async () => {
    const fake = fakeNotifications();
    const hub = new LiveHub({ notifications: fake.notifications, threadPostCounts: async () => new Map() });
    const signal = new AbortController().signal;
    for (let i = 0; i < DEFAULT_LIMITS.perMember; i++) expect(openEventStream(hub, { owner: "member:1", memberId: 1, threadId: 1, signal }).status).toBe(200);
    const refused = openEventStream(hub, { owner: "member:1", memberId: 1, threadId: 1, signal });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("30");
    await hub.close();
  });
});
