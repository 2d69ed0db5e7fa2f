import { logger } from "../../server/logger";

export interface PeriodicTaskOptions {
  intervalMs: number;
  /** The log message of a failed run (the error goes with it). */
  failureMessage: string;
  /** Where a failed run is reported; the app's log by default. */
  onError?: (error: unknown, message: string) => void;
}

/**
 * Runs `task` every `intervalMs` in this process, for the schedulers every process runs (maintenance,
 * notification mail). Never two runs at a time: a tick during a run queues the next one after it. A
 * failed run is logged and the next tick runs again. The timer does not keep the process alive. The
 * returned function stops the timer and resolves once the run in progress has finished; a run still
 * queued is skipped, and a run failing because of the shutdown is not logged.
 */
export function startPeriodicTask(task: () => Promise<void>, options: PeriodicTaskOptions): () => Promise<void> {
  const onError = options.onError ?? ((error: unknown, message: string) => logger().error({ err: error }, message));
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const run = async () => {
    if (stopped) return;
    try {
      await task();
    } catch (error) {
      if (!stopped) onError(error, options.failureMessage);
    }
  };
  const timer = setInterval(() => {
    running = running.then(run);
  }, options.intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    return running;
  };
}
