import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { startPeriodicTask } from "./periodic-task.server";

/** A task whose runs the test finishes by hand. */
function controlledTask() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  let active = 0;
  let maxActive = 0;
  const task = () =>
    new Promise<void>((resolve, reject) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      pending.push({
        resolve: () => {
          active -= 1;
          resolve();
        },
        reject: (error) => {
          active -= 1;
          reject(error);
        },
      });
    });
  return { task, pending, started: () => pending.length, maxActive: () => maxActive };
}

describe("startPeriodicTask", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs the task every interval, never two runs at a time", async () => {
    const t = controlledTask();
    const stop = startPeriodicTask(t.task, { intervalMs: 1_000, failureMessage: "failed", onError: () => undefined });
    await vi.advanceTimersByTimeAsync(999);
    expect(t.started()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.started()).toBe(1);
    // Two more ticks while the first run lasts: they wait for it.
    await vi.advanceTimersByTimeAsync(2_000);
    expect(t.started()).toBe(1);
    t.pending[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.started()).toBe(2);
    t.pending[1]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.started()).toBe(3);
    expect(t.maxActive()).toBe(1);
    t.pending[2]!.resolve();
    await stop();
  });

  it("reports a failed run and runs again at the next tick", async () => {
    const t = controlledTask();
    const errors: [unknown, string][] = [];
    const stop = startPeriodicTask(t.task, { intervalMs: 1_000, failureMessage: "maintenance run failed", onError: (e, m) => errors.push([e, m]) });
    await vi.advanceTimersByTimeAsync(1_000);
    const failure = new Error("database away");
    t.pending[0]!.reject(failure);
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toEqual([[failure, "maintenance run failed"]]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.started()).toBe(2);
    t.pending[1]!.resolve();
    await stop();
  });

  it("stops: resolves once the run in progress has finished, skips a queued run, starts no more", async () => {
    const t = controlledTask();
    const errors: unknown[] = [];
    const stop = startPeriodicTask(t.task, { intervalMs: 1_000, failureMessage: "failed", onError: (e) => errors.push(e) });
    await vi.advanceTimersByTimeAsync(2_000); // one run in progress, one queued
    expect(t.started()).toBe(1);
    let stoppedAt: "before" | "after" | undefined;
    const stopping = stop().then(() => {
      stoppedAt = t.pending.length === 1 ? "after" : "before";
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stoppedAt).toBeUndefined();
    // A run that fails because of the shutdown (its pool closing) is not reported.
    t.pending[0]!.reject(new Error("pool closed"));
    await stopping;
    expect(stoppedAt).toBe("after");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.started()).toBe(1);
    expect(errors).toEqual([]);
  });
});
