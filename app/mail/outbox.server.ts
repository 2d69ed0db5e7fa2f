import type { Kysely, Transaction } from "kysely";

import type { Database } from "../../db/schema";

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
