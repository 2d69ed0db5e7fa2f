import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests drive Debian's Chromium (CHROMIUM_PATH overrides /usr/bin/chromium) against the
 * built app, started on a free port with a fresh embedded data directory. The port and directory
 * are chosen once, in the main process, and inherited by the workers through the environment.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "openent-e2e-"));
// The console mail transport also writes each message here (development transport): the tests read
// invitation and reset links from it, as a member reads them from their mailbox.
process.env.E2E_MAIL_DIR ??= mkdtempSync(join(tmpdir(), "openent-e2e-mail-"));
const port = Number(process.env.E2E_PORT);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./e2e/.output",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  // A whole flow (several pages, axe on each) on a busy 2-core machine.
  timeout: 60_000,
  use: {
    baseURL,
    browserName: "chromium",
    locale: "fr-FR",
    // Traces on demand (E2E_TRACE=1): writing them for every context tripped Playwright's zip writer
    // ("file data stream has unexpected number of bytes", microsoft/playwright#33932) in a context closed after axe.
    trace: process.env.E2E_TRACE ? "retain-on-failure" : "off",
    // A click on an element that never comes fails in 20 s, not at the end of a test's own long budget.
    actionTimeout: 20_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "npm run build && npm run serve",
    cwd: join(import.meta.dirname, ".."),
    url: `${baseURL}/healthz`,
    // Build and first start (migrations, demo seed) on a busy 2-core machine.
    timeout: 240_000,
    reuseExistingServer: false,
    env: { PORT: String(port), DATA_DIR: process.env.E2E_DATA_DIR, MAIL_CAPTURE_DIR: process.env.E2E_MAIL_DIR, NODE_ENV: "production" },
    stdout: "ignore",
    stderr: "pipe",
  },
});
