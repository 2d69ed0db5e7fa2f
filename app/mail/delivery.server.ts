import { sql, type Kysely, type RawBuilder } from "kysely";

import type { Database, OutboxMessage } from "../../db/schema";
import { logger } from "../../server/logger";
import { SECRET_PLACEHOLDER } from "./outbox-status";
import type { MailTransport } from "./transport.server";

/**
 * Sends the outbox. Any number of app processes may run this at once: a message is claimed by one
 * atomic statement (`for update skip locked`) that also pushes its next attempt one lease away, so
 * no other process sees it as due while it is being sent. The send itself happens outside any
 * transaction (PGlite has a single connection; nothing must wait on the network while holding it).
 * A process that dies mid-send leaves its claims to expire: they are retried after the lease.
 *
 * Secret links (reset, invitation) are joined to the body only here, at send time, and erased from
 * the row as soon as the message is sent or given up, or the link has expired: a pending message
 * keeps its link until it can be delivered, nothing more.
 */

export const MAX_ATTEMPTS = 10;
/** How long a claimed message stays invisible to other processes while it is being sent. */
export const LEASE_SECONDS = 10 * 60;
const FIRST_RETRY_SECONDS = 60;
const MAX_RETRY_SECONDS = 60 * 60;
const MAX_ERROR_LENGTH = 1000;

/** Wait before attempt n + 1 after n failed attempts: 1 min, 2, 4, 8 … capped at 1 h. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_SECONDS);
}

export interface DeliveryOptions {
  batchSize?: number;
  /** The time to act at (tests); the database's now() otherwise. */
  now?: Date;
}

export interface DeliveryCounts {
  sent: number;
  retried: number;
  failed: number;
}

function seconds(value: number): RawBuilder<string> {
  return sql<string>`${`${value} seconds`}::interval`;
}

/** Claims the due messages (at most `batchSize`), sends each once, and records the outcome. */
export async function deliverDueMessages(
  db: Kysely<Database>,
  transport: MailTransport,
  { batchSize = 10, now }: DeliveryOptions = {},
): Promise<DeliveryCounts> {
  const clock: RawBuilder<Date> = now ? sql<Date>`${now.toISOString()}::timestamptz` : sql<Date>`now()`;
  await eraseSpentSecrets(db, clock);
  const claimed = await db
    .updateTable("outbox_message")
    .set((eb) => ({
      attempts: eb("attempts", "+", 1),
      next_attempt_at: sql<Date>`${clock} + ${seconds(LEASE_SECONDS)}`,
    }))
    .where("id", "in", (eb) =>
      eb
        .selectFrom("outbox_message")
        .select("id")
        .where("status", "=", "pending")
        .where("next_attempt_at", "<=", clock)
        .orderBy("id")
        .limit(batchSize)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  claimed.sort((a, b) => a.id - b.id);

  const counts: DeliveryCounts = { sent: 0, retried: 0, failed: 0 };
  const startedAt = Date.now();
  for (const [index, message] of claimed.entries()) {
    // A batch that runs long (a slow SMTP server) hands its remaining claims back rather than
    // letting them outlive the lease, after which another process could send them too.
    if (Date.now() - startedAt > (LEASE_SECONDS * 1000) / 2) {
      await release(db, claimed.slice(index), clock);
      break;
    }
    const outcome = await deliverOne(db, transport, message, clock);
    counts[outcome] += 1;
  }
  return counts;
}

async function deliverOne(
  db: Kysely<Database>,
  transport: MailTransport,
  message: OutboxMessage,
  clock: RawBuilder<Date>,
): Promise<keyof DeliveryCounts> {
  if (message.secret_label !== null && message.secret_link === null) {
    // Its link expired before it could be sent: a message without it would be useless.
    await db
      .updateTable("outbox_message")
      .set({ status: "failed", last_error: "Le lien a expiré avant l'envoi : courriel abandonné." })
      .where("id", "=", message.id)
      .where("status", "=", "pending")
      .where("attempts", "=", message.attempts)
      .execute();
    return "failed";
  }
  const link = message.secret_link;
  const withLink = (value: string) => (link === null ? value : value.replaceAll(SECRET_PLACEHOLDER, link));
  const text = withLink(message.body_text);
  const headers = message.headers ? Object.fromEntries(Object.entries(message.headers).map(([name, value]) => [name, withLink(value)])) : undefined;
  try {
    await transport.send({ to: message.recipient, subject: message.subject, text, ...(headers ? { headers } : {}) });
  } catch (error) {
    const lastError = describe(error).slice(0, MAX_ERROR_LENGTH);
    const failed = message.attempts >= MAX_ATTEMPTS;
    await db
      .updateTable("outbox_message")
      .set(
        failed
          ? { status: "failed", last_error: lastError, secret_link: null }
          : { last_error: lastError, next_attempt_at: sql<Date>`${clock} + ${seconds(retryDelaySeconds(message.attempts))}` },
      )
      .where("id", "=", message.id)
      .where("status", "=", "pending")
      // Only while the claim is still ours: a process that re-claimed it after the lease owns it now.
      .where("attempts", "=", message.attempts)
      .execute();
    return failed ? "failed" : "retried";
  }
  await db
    .updateTable("outbox_message")
    .set({ status: "sent", sent_at: clock, last_error: null, secret_link: null, delivered_via: transport.name })
    .where("id", "=", message.id)
    .where("status", "=", "pending")
    .execute();
  return "sent";
}

/** Erases the links of messages that are done with (sent, failed) or whose link has expired. */
async function eraseSpentSecrets(db: Kysely<Database>, clock: RawBuilder<Date>): Promise<void> {
  await db
    .updateTable("outbox_message")
    .set({ secret_link: null })
    .where("secret_link", "is not", null)
    .where((eb) => eb.or([eb("status", "!=", "pending"), eb("secret_expires_at", "<=", clock)]))
    .execute();
}

/** Makes claimed but unsent messages due again, without counting the attempt. */
async function release(db: Kysely<Database>, messages: OutboxMessage[], clock: RawBuilder<Date>): Promise<void> {
  for (const message of messages) {
    await db
      .updateTable("outbox_message")
      .set((eb) => ({ attempts: eb("attempts", "-", 1), next_attempt_at: clock }))
      .where("id", "=", message.id)
      .where("status", "=", "pending")
      .where("attempts", "=", message.attempts)
      .execute();
  }
}

/**
 * Runs `deliverDueMessages` every `intervalMs` (at once again while batches come back full), never
 * two runs at a time, logging errors instead of throwing. The timer does not keep the process
 * alive. Returns a function that stops the loop and resolves once the run in progress, if any, has
 * finished (so the database can be closed after it).
 */
export function startMailDelivery(db: Kysely<Database>, transport: MailTransport, intervalMs = 5000): () => Promise<void> {
  const batchSize = 10;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => (running = run()), delay);
    timer.unref();
  };

  const run = async () => {
    let busy = false;
    try {
      const counts = await deliverDueMessages(db, transport, { batchSize });
      const handled = counts.sent + counts.retried + counts.failed;
      if (counts.retried + counts.failed > 0) {
        logger().warn({ ...counts }, "mail: delivery failures");
      }
      busy = handled >= batchSize;
    } catch (error) {
      if (!stopped) logger().error({ err: error }, `mail: delivery run failed: ${describe(error)}`);
    } finally {
      schedule(busy ? 0 : intervalMs);
    }
  };

  schedule(0);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    return running;
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
