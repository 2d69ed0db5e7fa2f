import type { Kysely, Transaction } from "kysely";

import type { Database, OutboxMessage } from "../../db/schema";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * Queues an e-mail. Call it with the transaction of the act that causes it: the message exists if
 * and only if the act happened, and the delivery task sends it (with retries) afterwards.
 */
export async function enqueueMail(db: Kysely<Database> | Transaction<Database>, message: MailMessage): Promise<number> {
  const row = await db
    .insertInto("outbox_message")
    .values({ recipient: message.to, subject: message.subject, body_text: message.text })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export const OUTBOX_PAGE_SIZE = 100;

export type OutboxSummary = Pick<
  OutboxMessage,
  "id" | "recipient" | "subject" | "status" | "attempts" | "created_at" | "sent_at" | "next_attempt_at" | "last_error"
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
    .select(["id", "recipient", "subject", "status", "attempts", "created_at", "sent_at", "next_attempt_at", "last_error"])
    .orderBy("id", "desc")
    .limit(limit + 1);
  if (before !== null) query = query.where("id", "<", before);
  const rows = await query.execute();
  const messages = rows.slice(0, limit);
  return { messages, nextBefore: rows.length > limit ? messages.at(-1)!.id : null };
}

export async function findOutboxMessage(db: Kysely<Database>, id: number): Promise<OutboxMessage | undefined> {
  return db.selectFrom("outbox_message").selectAll().where("id", "=", id).executeTakeFirst();
}
