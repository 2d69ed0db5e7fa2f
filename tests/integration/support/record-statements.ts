import type pg from "pg";

/** A statement as sent on a connection: its text and parameters. */
export interface SentStatement {
  text: string;
  values: unknown[] | undefined;
}

/**
 * Calls `onStatement` with every statement sent through the pool's connections, whoever sends it
 * (Kysely or Lucia, which queries the pool directly). Used to count what a page costs the database
 * (request-cost.test.ts) and by the bench's same-SQL reference to replay it (tests/bench/reference-members.ts).
 */
export function recordPoolStatements(pool: pg.Pool, onStatement: (statement: SentStatement) => void): void {
  const wrapped = new WeakSet<object>();
  pool.on("acquire", (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const [first, second] = args;
      const text = typeof first === "string" ? first : (first as { text?: string } | undefined)?.text;
      const values = Array.isArray(second) ? second : (first as { values?: unknown[] } | undefined)?.values;
      if (text) onStatement({ text, values });
      return query(...args);
    };
  });
}
