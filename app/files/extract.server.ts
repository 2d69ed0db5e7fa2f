import { resolve } from "node:path";
import { Worker } from "node:worker_threads";

import { logger } from "../../server/logger";
import type { AcceptedType } from "./detect.server";

/**
 * Extracts the text of an uploaded file for search, in a worker thread (pdfjs-dist's legacy build
 * for PDF, fflate for the XML of OpenDocument and Office zips): bounded in time, memory, inflated
 * bytes and characters. A file whose extraction fails or passes a bound (a zip bomb) is kept,
 * without text. The worker is a plain `.mjs` file found from the working directory, like the build.
 */

export const EXTRACT_LIMITS = {
  timeoutMs: 15_000,
  maxChars: 200_000,
  maxInflatedBytes: 20 * 1024 * 1024,
  maxHeapMb: 256,
};

const WORKER_PATH = resolve("app/files/extract-text.worker.mjs");

export async function extractText(path: string, type: AcceptedType, limits = EXTRACT_LIMITS): Promise<string | null> {
  if (!type.extract) return null;
  const worker = new Worker(WORKER_PATH, {
    workerData: { path, method: type.extract, maxChars: limits.maxChars, maxInflatedBytes: limits.maxInflatedBytes },
    resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
    stdout: true,
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  return new Promise<string | null>((done) => {
    let settled = false;
    const finish = (text: string | null, reason?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (reason) logger().info({ reason, type: type.mime }, "file text not extracted");
      void worker.terminate();
      done(text);
    };
    const timer = setTimeout(() => finish(null, "timeout"), limits.timeoutMs);
    worker.once("message", (message: { ok: boolean; text?: string; reason?: string }) =>
      message.ok ? finish(message.text?.trim() ? message.text : null) : finish(null, message.reason),
    );
    worker.once("error", (error) => finish(null, error.message));
    worker.once("exit", () => finish(null, "exit"));
  });
}
