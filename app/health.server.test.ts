import { describe, expect, it } from "vitest";

import { checkHealth } from "./health.server";

describe("checkHealth", () => {
  it("is ok when the database answers", async () => {
    expect(await checkHealth(async () => 1, 200)).toEqual({ status: "ok", database: "ok" });
  });

  it("is unavailable when the database fails", async () => {
    expect((await checkHealth(() => Promise.reject(new Error("down")), 200)).status).toBe("unavailable");
  });

  it("gives up after the timeout instead of hanging", async () => {
    const started = Date.now();
    const health = await checkHealth(() => new Promise(() => undefined), 100);
    expect(health.status).toBe("unavailable");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
