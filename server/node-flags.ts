/**
 * The Node options every server process starts with: `npm run serve`, the systemd units
 * (docs/deploy/), the bench and the tests that start the built app. They must be on the command
 * line: V8 sizes its young generation when the process starts, so unlike the heap growth
 * (server/heap.ts) it cannot be set from inside.
 *
 * `--max-semi-space-size=8` (MB; V8's own is 16 on 64-bit): under 16 connections the young
 * generation grows to its maximum and stays there, three semi-spaces' worth of RSS. Halving it
 * keeps the peak RSS of a process under load about 40 MB lower (docs/performance.md, "Memory under
 * 16 connections"; ADR 009). `server/node-flags.test.ts` checks that each way of starting the
 * server passes them.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=8"];

/** The arguments of `node` for the server bundle: its flags, then the script. */
export function serverNodeArgs(script = "build/server/index.js", flags: readonly string[] = SERVER_NODE_FLAGS): string[] {
  return [...flags, script];
}
