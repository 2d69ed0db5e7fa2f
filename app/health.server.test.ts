import { describe, expect, it } from "vitest";

import { checkHealth } from "./health.server";

describe("checkHealth", () => {
  const noReplicas = async () => [];

  it("is ok when the database answers", async () => {
    expect(await checkHealth(async () => 1, 200, noReplicas)).toEqual({ status: "ok", database: "ok" });
  });

  it("is unavailable when the database fails", async () => {
    expect((await checkHealth(() => Promise.reject(new Error("down")), 200, noReplicas)).status).toBe("unavailable");
  });

  it("reports each read replica's state without its address, and stays ok with one down", async () => {
    const replicas = async () => [
      { name: "db2.internal:5432/openent", state: "ok" as const, lagSeconds: 0.1 },
      { name: "db3.internal:5432/openent", state: "down" as const, lagSeconds: null },
    ];
    const health = await checkHealth(async () => 1, 200, replicas);
    expect(health).toEqual({ status: "ok", database: "ok", replicas: [{ state: "ok", lagSeconds: 0.1 }, { state: "down", lagSeconds: null }] });
    expect(JSON.stringify(health)).not.toContain("internal");
  });

  it("gives up after the timeout instead of hanging", async () => {
    const started = Date.now();
    const health = await checkHealth(() => new Promise(() => undefined), 100, noReplicas);
    expect(health.status).toBe("unavailable");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
