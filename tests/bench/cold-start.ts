import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

import { serverNodeArgs } from "../../server/node-flags";
import { freePort } from "../integration/support/app-process";

/**
 * `npx tsx tests/bench/cold-start.ts [--runs 5] [--runner node|tsx]`
 *
 * Cold start of the built app on the embedded database: the time from spawning what `npm run serve`
 * runs (`node build/server/index.js`; `--runner tsx` runs `server/index.ts` through tsx instead, as
 * before the server was compiled at build time) to the first 200 on /healthz. The first run starts
 * on an empty data directory (migrations and the demo seed); the next ones restart on it. Run
 * `npm run build` first.
 */

const root = resolve(import.meta.dirname, "../..");
const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, runner: { type: "string", default: "node" } } });
const runs = Math.max(2, Number(values.runs) || 5);
const runner = values.runner === "tsx" ? "tsx" : "node";

async function coldStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const args = runner === "tsx" ? ["--import", "tsx", "server/index.ts"] : serverNodeArgs();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: "", APP_ORIGIN: "", SMTP_URL: "", LOG_LEVEL: "warn" },
    stdio: "ignore",
  });
  const exited = new Promise<void>((done) => child.on("exit", () => done()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
      try {
        const response = await fetch(`http://localhost:${port}/healthz`);
        if (response.status === 200) return performance.now() - started;
      } catch {
        // Not listening yet.
      }
      if (performance.now() - started > 60_000) throw new Error("no 200 on /healthz within 60 s");
      await new Promise((wait) => setTimeout(wait, 10));
    }
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

const dataDir = mkdtempSync(join(tmpdir(), "openent-cold-start-"));
try {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await coldStart(dataDir));
  const [first, ...restarts] = times;
  const sorted = [...restarts].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const ms = (value: number) => `${Math.round(value)} ms`;
  console.log(`runner: ${runner === "node" ? "node build/server/index.js" : "tsx server/index.ts"}`);
  console.log(`first start (empty data directory: migrations, demo seed): ${ms(first!)}`);
  console.log(`restarts (${restarts.length}): median ${ms(median)}, min ${ms(sorted[0]!)}, max ${ms(sorted.at(-1)!)}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
