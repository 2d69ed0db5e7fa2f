/**
 * How many HTTP worker processes to run. One process renders pages on one core; with a
 * PostgreSQL server, WEB_CONCURRENCY processes share the port (Node's cluster). The embedded
 * PGlite belongs to one process, so embedded mode always runs one.
 */
export function workerCount(env: Record<string, string | undefined>): number {
  if (!env.DATABASE_URL?.trim()) return 1;
  const requested = Number(env.WEB_CONCURRENCY);
  return Number.isInteger(requested) && requested >= 1 ? Math.min(requested, 32) : 1;
}
