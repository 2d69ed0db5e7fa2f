import { spawn } from "node:child_process";

import { describe, expect, it } from "vitest";

/** The real `server/index.ts`: a wrong setting stops it with one line before it opens anything. */
function runServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const base = { ...process.env };
    for (const name of ["APP_ORIGIN", "DATABASE_URL", "TRUST_PROXY", "WEB_CONCURRENCY"]) delete base[name];
    const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
      env: { ...base, PORT: "0", NODE_ENV: "production", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stderr, stdout }));
  });
}

describe("start-up configuration", () => {
  it("refuses to start on a PostgreSQL server without APP_ORIGIN, in one line, password masked", async () => {
    const result = await runServer({ DATABASE_URL: "postgres://app:s3cret@127.0.0.1:1/openent" });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringContaining("APP_ORIGIN est obligatoire avec DATABASE_URL")]);
    expect(result.stderr + result.stdout).not.toContain("s3cret");
  });

  it("refuses an invalid TRUST_PROXY or APP_ORIGIN in one line", async () => {
    const trust = await runServer({ TRUST_PROXY: "nginx" });
    expect(trust.code).not.toBe(0);
    expect(trust.stderr.trim()).toMatch(/^\[openent\] TRUST_PROXY invalide \/ invalid: "nginx"[^\n]*$/);
    const origin = await runServer({ APP_ORIGIN: "https://echanges.example.org/forum" });
    expect(origin.code).not.toBe(0);
    expect(origin.stderr.trim()).toMatch(/^\[openent\] APP_ORIGIN invalide[^\n]*$/);
  });

  it("refuses an invalid HEAP_GROWING_PERCENT in one line", async () => {
    const result = await runServer({ HEAP_GROWING_PERCENT: "beaucoup" });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toMatch(/^\[openent\] HEAP_GROWING_PERCENT invalide[^\n]*$/);
  });
});
