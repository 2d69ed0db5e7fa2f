import { describe, expect, it } from "vitest";

import { replicaName } from "./replica";
import { lagFromSamples, parseLsn } from "./wal-position";

describe("parseLsn", () => {
  it("orders WAL positions across the high and low halves", () => {
    expect(parseLsn("0/3000148")).toBe(0x3000148n);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) + 0xb374d848n);
    expect(parseLsn("1/0") > parseLsn("0/FFFFFFFF")).toBe(true);
  });

  it("rejects anything else", () => {
    for (const text of ["", "0", "0/", "/1", "G/1", "0/123456789", "0/1 "]) expect(() => parseLsn(text)).toThrow();
  });
});

describe("lagFromSamples", () => {
  const samples = [
    { at: 1_000, lsn: 100n },
    { at: 2_000, lsn: 200n },
    { at: 3_000, lsn: 300n },
  ];

  it("is 0 when the replica replayed every position the primary had", () => {
    expect(lagFromSamples(samples, 300n, 10_000)).toBe(0);
    expect(lagFromSamples([], 0n, 10_000)).toBe(0);
  });

  it("is the age of the oldest position not yet replayed", () => {
    expect(lagFromSamples(samples, 250n, 3_500)).toBe(500);
    expect(lagFromSamples(samples, 100n, 3_500)).toBe(1_500);
    // A replica that stopped receiving: its lag keeps growing even if the primary is idle.
    expect(lagFromSamples(samples, 0n, 60_000)).toBe(59_000);
  });
});

describe("replicaName", () => {
  it("names a replica by host, port and database, never its credentials", () => {
    expect(replicaName("postgres://app:s3cret@db2.internal/openent?password=x")).toBe("db2.internal:5432/openent");
    expect(replicaName("postgres://app@10.0.0.3:5433/openent")).toBe("10.0.0.3:5433/openent");
  });
});
