/** WAL positions (LSNs) and replica lag, for db/replicas.ts: pure, tested beside it. */

/** "16/B374D848" → a number that orders like the WAL. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text);
  if (!match) throw new Error(`not an LSN: ${text}`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

export interface LsnSample {
  at: number;
  lsn: bigint;
}

/**
 * How far behind a replica is, in time: since when the primary's oldest position it has not yet
 * replayed exists (0 when it replayed every sample). Unlike `now() - pg_last_xact_replay_timestamp()`
 * this stays 0 on an idle primary and grows for a replica that stopped receiving.
 */
export function lagFromSamples(samples: readonly LsnSample[], replayed: bigint, now: number): number {
  const oldestMissing = samples.find((sample) => sample.lsn > replayed);
  return oldestMissing ? Math.max(0, now - oldestMissing.at) : 0;
}
