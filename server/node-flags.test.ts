import { readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { SERVER_NODE_FLAGS } from "./node-flags";

const root = join(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");
const expected = `node ${SERVER_NODE_FLAGS.join(" ")} build/server/index.js`;

describe("the server's Node options", () => {
  it("are passed by npm run serve", () => {
    const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;
    expect(scripts.serve).toBe(expected);
  });

  it.each(["docs/deploy/openent.service", "docs/deploy/openent@.service"])("are passed by the systemd unit %s", (unit) => {
    const execStart = read(unit)
      .split("\n")
      .find((line) => line.startsWith("ExecStart="));
    expect(execStart).toContain(`/usr/bin/${expected}`);
  });

  it("size V8's young generation in a process started with them", async () => {
    const { spawnSync } = await import("node:child_process");
    const script = "const s = require('v8').getHeapSpaceStatistics().find((x) => x.space_name === 'new_space'); console.log(s.space_size)";
    const size = (flags: readonly string[]) => {
      // Allocate until the young generation has grown to its maximum, then read its size.
      const grow = "const keep = []; for (let i = 0; i < 2e6; i++) { keep.push({ i }); if (keep.length > 5e5) keep.length = 0; }";
      const out = spawnSync(process.execPath, [...flags, "-e", `${grow}; ${script}`], { encoding: "utf8" });
      return Number(out.stdout.trim());
    };
    expect(size(SERVER_NODE_FLAGS)).toBeLessThan(size([]));
  });
});
