import { describe, expect, it } from "vitest";

import { workerCount } from "./workers";

describe("workerCount", () => {
  it("runs one process for the embedded database whatever is asked", () => {
    expect(workerCount({ WEB_CONCURRENCY: "4" })).toBe(1);
  });

  it("runs WEB_CONCURRENCY processes on a PostgreSQL server", () => {
    expect(workerCount({ DATABASE_URL: "postgres://h/db", WEB_CONCURRENCY: "2" })).toBe(2);
    expect(workerCount({ DATABASE_URL: "postgres://h/db" })).toBe(1);
    expect(workerCount({ DATABASE_URL: "postgres://h/db", WEB_CONCURRENCY: "zéro" })).toBe(1);
    expect(workerCount({ DATABASE_URL: "postgres://h/db", WEB_CONCURRENCY: "500" })).toBe(32);
  });
});
