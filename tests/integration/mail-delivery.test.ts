import { Writable } from "node:stream";

import { sql, type Kysely } from "kysely";
import { beforeEach, expect, it } from "vitest";

import { deliverDueMessages, LEASE_SECONDS, MAX_ATTEMPTS, startMailDelivery } from "../../app/mail/delivery.server";
import { enqueueMail, findOutboxMessage, listOutbox, type MailMessage } from "../../app/mail/outbox.server";
import type { MailTransport } from "../../app/mail/transport.server";
import type { Database } from "../../db/schema";
import { createLogger, setLogger } from "../../server/logger";
import { describeOnEachDatabase } from "./support/databases";

/** Records what it is asked to send; fails while `failWith` is set; may take some time per message. */
class FakeTransport implements MailTransport {
  readonly name = "fake";
  sent: MailMessage[] = [];
  failWith: string | null = null;
  delayMs = 0;
  active = 0;
  maxActive = 0;
  onSend: ((message: MailMessage) => Promise<void>) | null = null;

  async send(message: MailMessage): Promise<void> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      if (this.onSend) await this.onSend(message);
      if (this.failWith) throw new Error(this.failWith);
      this.sent.push(message);
    } finally {
      this.active -= 1;
    }
  }

  close(): void {}
}

const minutes = (n: number) => n * 60_000;

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeOnEachDatabase("mail delivery", ({ current }) => {
  beforeEach(async () => {
    await current().db.deleteFrom("outbox_message").execute();
  });

  /** Queues n messages, one after the other (ids in subject order). */
  const queue = async (n: number, prefix = "Message") => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(await enqueueMail(current().db, { to: `dest${i}@example.org`, subject: `${prefix} ${i}`, text: `Corps ${i}\nhttp://localhost/lien/${i}` }));
    }
    return ids;
  };

  it("delivers each due message once and records it as sent", async () => {
    const ids = await queue(3);
    const transport = new FakeTransport();
    expect(await deliverDueMessages(current().db, transport)).toEqual({ sent: 3, retried: 0, failed: 0 });
    expect(transport.sent.map((m) => m.subject).sort()).toEqual(["Message 0", "Message 1", "Message 2"]);
    expect(transport.sent[0]).toEqual({ to: "dest0@example.org", subject: "Message 0", text: "Corps 0\nhttp://localhost/lien/0" });
    for (const id of ids) {
      const row = await findOutboxMessage(current().db, id);
      expect(row).toMatchObject({ status: "sent", attempts: 1, last_error: null });
      expect(row?.sent_at).toBeInstanceOf(Date);
    }
    expect(await deliverDueMessages(current().db, transport, { now: new Date(Date.now() + minutes(120)) })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(transport.sent).toHaveLength(3);
  });

  it("takes at most batchSize messages per run, oldest first", async () => {
    await queue(5);
    const transport = new FakeTransport();
    expect(await deliverDueMessages(current().db, transport, { batchSize: 2 })).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(transport.sent.map((m) => m.subject)).toEqual(["Message 0", "Message 1"]);
    expect((await deliverDueMessages(current().db, transport, { batchSize: 10 })).sent).toBe(3);
  });

  it("keeps a failed message pending with its error, and retries it after an exponential backoff", async () => {
    const [id] = await queue(1);
    const transport = new FakeTransport();
    transport.failWith = "SMTP injoignable";
    const before = Date.now();
    expect(await deliverDueMessages(current().db, transport)).toEqual({ sent: 0, retried: 1, failed: 0 });
    let row = await findOutboxMessage(current().db, id!);
    expect(row).toMatchObject({ status: "pending", attempts: 1, last_error: "SMTP injoignable", sent_at: null });
    const firstDelay = row!.next_attempt_at.getTime() - before;
    expect(firstDelay).toBeGreaterThan(minutes(1) - 5_000);
    expect(firstDelay).toBeLessThan(minutes(1) + 5_000);

    // Not due yet: nothing is attempted.
    transport.failWith = null;
    expect(await deliverDueMessages(current().db, transport)).toEqual({ sent: 0, retried: 0, failed: 0 });

    // The second failure waits twice as long.
    transport.failWith = "toujours injoignable";
    const second = new Date(Date.now() + minutes(1) + 1_000);
    expect(await deliverDueMessages(current().db, transport, { now: second })).toEqual({ sent: 0, retried: 1, failed: 0 });
    row = await findOutboxMessage(current().db, id!);
    expect(row).toMatchObject({ status: "pending", attempts: 2, last_error: "toujours injoignable" });
    expect(row!.next_attempt_at.getTime() - second.getTime()).toBe(minutes(2));

    transport.failWith = null;
    const third = new Date(second.getTime() + minutes(2));
    expect(await deliverDueMessages(current().db, transport, { now: third })).toEqual({ sent: 1, retried: 0, failed: 0 });
    row = await findOutboxMessage(current().db, id!);
    expect(row).toMatchObject({ status: "sent", attempts: 3, last_error: null });
    expect(transport.sent).toHaveLength(1);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts`, async () => {
    const [id] = await queue(1);
    const transport = new FakeTransport();
    transport.failWith = "boîte inexistante";
    // (A second ahead: JavaScript dates have milliseconds, PostgreSQL timestamps microseconds.)
    let clock = Date.now() + 1_000;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await deliverDueMessages(current().db, transport, { now: new Date(clock) })).toEqual({ sent: 0, retried: 1, failed: 0 });
      const row = await findOutboxMessage(current().db, id!);
      // 1 min, 2, 4 … and never more than an hour.
      expect(row!.next_attempt_at.getTime() - clock).toBe(Math.min(minutes(2 ** (attempt - 1)), minutes(60)));
      clock = row!.next_attempt_at.getTime();
    }
    expect(await deliverDueMessages(current().db, transport, { now: new Date(clock) })).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await findOutboxMessage(current().db, id!)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, last_error: "boîte inexistante" });
    transport.failWith = null;
    expect(await deliverDueMessages(current().db, transport, { now: new Date(clock + minutes(24 * 60)) })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(transport.sent).toHaveLength(0);
  });

  it("hides a message from other runs while it is being sent, until the lease runs out", async () => {
    const [id] = await queue(1);
    const other = new FakeTransport();
    const transport = new FakeTransport();
    // While the first run is sending, a second run (another process) finds nothing due.
    transport.onSend = async () => {
      expect(await deliverDueMessages(current().db, other)).toEqual({ sent: 0, retried: 0, failed: 0 });
    };
    expect((await deliverDueMessages(current().db, transport)).sent).toBe(1);
    expect(other.sent).toHaveLength(0);

    // A run that died mid-send (claimed, never recorded): the message comes back after the lease.
    const [orphan] = await queue(1, "Orphelin");
    await current()
      .db.updateTable("outbox_message")
      .set({ attempts: 1, next_attempt_at: sql<Date>`now() + ${`${LEASE_SECONDS} seconds`}::interval` })
      .where("id", "=", orphan!)
      .execute();
    expect((await deliverDueMessages(current().db, other)).sent).toBe(0);
    expect((await deliverDueMessages(current().db, other, { now: new Date(Date.now() + LEASE_SECONDS * 1000 + 1_000) })).sent).toBe(1);
    expect(await findOutboxMessage(current().db, orphan!)).toMatchObject({ status: "sent", attempts: 2 });
    expect(await findOutboxMessage(current().db, id!)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("never sends a message twice when two processes deliver at once", async (ctx) => {
    if (current().backend !== "postgresql") ctx.skip();
    const second = await current().openSecondHandle();
    const ids = await queue(60);
    const transport = new FakeTransport();
    transport.delayMs = 2;
    const worker = async (db: Kysely<Database>) => {
      for (;;) {
        const counts = await deliverDueMessages(db, transport, { batchSize: 7 });
        if (counts.sent + counts.retried + counts.failed === 0) return;
      }
    };
    await Promise.all([worker(current().db), worker(second.db), worker(current().db), worker(second.db)]);
    const subjects = transport.sent.map((m) => m.subject);
    expect(subjects).toHaveLength(ids.length);
    expect(new Set(subjects).size).toBe(ids.length);
    const rows = await current().db.selectFrom("outbox_message").select(["status", "attempts"]).execute();
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("runs in the background without overlapping runs, until stopped", async () => {
    await queue(25);
    const transport = new FakeTransport();
    transport.delayMs = 3;
    const stop = startMailDelivery(current().db, transport, 5);
    try {
      await waitFor(async () => transport.sent.length === 25);
    } finally {
      // Resolved once a run in progress has finished: one that started before could still take the next message.
      await stop();
    }
    expect(transport.maxActive).toBe(1);
    await queue(1, "Après l'arrêt");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(transport.sent).toHaveLength(25);
  });

  it("logs errors instead of throwing, and keeps going", async () => {
    const transport = new FakeTransport();
    const broken = {
      updateTable: () => {
        throw new Error("base indisponible");
      },
    } as unknown as Kysely<Database>;
    const errors: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        errors.push(chunk.toString("utf8"));
        callback();
      },
    });
    setLogger(createLogger(sink, { LOG_LEVEL: "error" }));
    const stop = startMailDelivery(broken, transport, 5);
    await waitFor(async () => errors.length >= 2);
    await stop();
    expect(errors[0]).toContain("base indisponible");
    expect(JSON.parse(errors[0]!)).toMatchObject({ level: 50, err: { message: "base indisponible" } });
  });

  it("stops after the run in progress: the stop resolves only once the batch being sent is recorded", async () => {
    await queue(3);
    const transport = new FakeTransport();
    transport.delayMs = 30;
    const stop = startMailDelivery(current().db, transport, 5);
    await waitFor(async () => transport.sent.length >= 1);
    await stop();
    const rows = await current().db.selectFrom("outbox_message").select("status").execute();
    // Every claimed message was sent and recorded before stop() resolved: nothing left half-done.
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(transport.sent.length);
    expect(transport.sent).toHaveLength(3);
  });

  it("lists the newest messages first, a page at a time", async () => {
    const ids = await queue(5);
    const first = await listOutbox(current().db, { limit: 2 });
    const sorted = [...ids].sort((a, b) => b - a);
    expect(first.messages.map((m) => m.id)).toEqual(sorted.slice(0, 2));
    expect(first.nextBefore).toBe(sorted[1]);
    const last = await listOutbox(current().db, { limit: 3, before: first.nextBefore });
    expect(last.messages.map((m) => m.id)).toEqual(sorted.slice(2));
    expect(last.nextBefore).toBeNull();
    expect(await findOutboxMessage(current().db, 999_999)).toBeUndefined();
  });
});
