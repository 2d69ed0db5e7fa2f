import { sql, type Kysely, type Transaction } from "kysely";

import type { Database, OutboxMessage } from "../../db/schema";
import { redactedBody, SECRET_PLACEHOLDER } from "./outbox-status";

export { SECRET_PLACEHOLDER };

/** A message as a transport sends it. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post). */
  headers?: Record<string, string>;
}

/**
 * A message to queue. When it carries a secret link (a reset or invitation link), `text` holds
 * SECRET_PLACEHOLDER where the link goes (in `headers` too): the link itself is stored apart, joined to the text only
 * by the delivery task, and erased once the message is sent, given up, or the link has expired.
 */
export interface QueuedMail extends MailMessage {
  secret?: { link: string; label: string; lifetimeSeconds: number };
}

/**
 * Queues an e-mail. Call it with the transaction of the act that causes it: the message exists if
 * and only if the act happened, and the delivery task sends it (with retries) afterwards.
 */
export async function enqueueMail(db: Kysely<Database> | Transaction<Database>, message: QueuedMail): Promise<number> {
  const { secret } = message;
  const row = await db
    .insertInto("outbox_message")
    .values({
      recipient: message.to,
      subject: message.subject,
      body_text: message.text,
      headers: message.headers ? JSON.stringify(message.headers) : null,
      secret_link: secret?.link ?? null,
      secret_label: secret?.label ?? null,
      secret_expires_at: secret ? sql<Date>`now() + ${`${secret.lifetimeSeconds} seconds`}::interval` : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export const OUTBOX_PAGE_SIZE = 100;

export type OutboxSummary = Pick<
  OutboxMessage,
  "id" | "recipient" | "subject" | "status" | "attempts" | "created_at" | "sent_at" | "next_attempt_at" | "last_error" | "delivered_via"
>;

export interface OutboxPage {
  messages: OutboxSummary[];
  /** The id to pass as `before` for the next (older) page, or null on the last page. */
  nextBefore: number | null;
}

/** The newest messages first, a page at a time (keyset on the id: stable while new mail arrives). */
export async function listOutbox(
  db: Kysely<Database>,
  { before = null, limit = OUTBOX_PAGE_SIZE }: { before?: number | null; limit?: number } = {},
): Promise<OutboxPage> {
  let query = db
    .selectFrom("outbox_message")
    .select(["id", "recipient", "subject", "status", "attempts", "created_at", "sent_at", "next_attempt_at", "last_error", "delivered_via"])
    .orderBy("id", "desc")
    .limit(limit + 1);
  if (before !== null) query = query.where("id", "<", before);
  const rows = await query.execute();
  const messages = rows.slice(0, limit);
  return { messages, nextBefore: rows.length > limit ? messages.at(-1)!.id : null };
}

/** A message as administrators see it: never its secret link, whose place in the body says what was sent. */
export type OutboxMessageView = Omit<OutboxMessage, "secret_link" | "headers">;

export async function findOutboxMessage(db: Kysely<Database>, id: number): Promise<OutboxMessageView | undefined> {
  const row = await db
    .selectFrom("outbox_message")
    .select([
      "id",
      "recipient",
      "subject",
      "body_text",
      "created_at",
      "status",
      "attempts",
      "next_attempt_at",
      "last_error",
      "sent_at",
      "secret_label",
      "secret_expires_at",
      "delivered_via",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
  return row && { ...row, body_text: redactedBody(row.body_text, row.secret_label, row.status) };
}
