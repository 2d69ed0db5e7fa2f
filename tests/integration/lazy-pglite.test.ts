import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ensureBuild } from "./support/app-process";

/**
 * PGlite (its modules and its WebAssembly) is loaded only for the embedded database: a process on a
 * PostgreSQL server never imports it. The production build is imported by a child process whose
 * module resolution is recorded (support/record-imports.mjs).
 */

const root = resolve(import.meta.dirname, "../..");
let scratch: string;

beforeAll(() => {
  ensureBuild();
  scratch = mkdtempSync(join(tmpdir(), "openent-lazy-pglite-"));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Imports the build as `npm run serve` does; resolves with the PGlite modules resolved and the output once `done` holds. */
function importBuild(env: Record<string, string>, done: (output: string, pglite: string) => boolean): Promise<{ output: string; pglite: string }> {
  const log = join(scratch, `imports-${Math.random().toString(36).slice(2)}.log`);
  const base = { ...process.env };
  for (const name of ["DATABASE_URL", "APP_ORIGIN", "DATA_DIR"]) delete base[name];
  const child = spawn(
    process.execPath,
    ["--import", join(root, "tests/integration/support/record-imports.mjs"), "--input-type=module", "-e", `await import(${JSON.stringify(join(root, "build/index.js"))});`],
    { cwd: root, env: { ...base, NODE_ENV: "production", SMTP_URL: "", IMPORT_LOG: log, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const pglite = () => (existsSync(log) ? readFileSync(log, "utf8") : "");
  return new Promise((resolveResult, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`timed out:\n${output}`));
    }, 60_000);
    const check = () => {
      if (!done(output, pglite())) return;
      clearTimeout(timer);
      clearInterval(poll);
      child.kill("SIGKILL");
      resolveResult({ output, pglite: pglite() });
    };
    const poll = setInterval(check, 100);
    child.on("exit", () => {
      check();
      clearInterval(poll);
      clearTimeout(timer);
      resolveResult({ output, pglite: pglite() });
    });
  });
}

describe("PGlite is loaded only for the embedded database", () => {
  it("a process on a PostgreSQL server never resolves a PGlite module", async () => {
    // Nothing listens on port 1: start-up stops with its one line, after the whole build was loaded.
    const { output, pglite } = await importBuild(
      { DATABASE_URL: "postgres://postgres@127.0.0.1:1/absente", APP_ORIGIN: "http://localhost:3000" },
      (text) => text.includes("injoignable"),
    );
    expect(output).toContain("database unreachable");
    expect(pglite).toBe("");
  });

  it("the embedded database loads it (the recording works)", async () => {
    const { pglite } = await importBuild({ DATA_DIR: join(scratch, "data") }, (_text, modules) => modules.includes("/@electric-sql/pglite/"));
    expect(pglite).toContain("/@electric-sql/pglite/");
  });
});
