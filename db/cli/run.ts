import { openDatabase, targetFromEnv, type DatabaseHandle } from "../client";

/**
 * Runs a command-line task on the configured database (DATABASE_URL, else the embedded DATA_DIR),
 * closes it cleanly whatever happens, and reports failures as one line with a non-zero exit code.
 */
export async function runWithDatabase(task: (handle: DatabaseHandle) => Promise<void>): Promise<void> {
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase(targetFromEnv());
  } catch (error) {
    fail(error);
    return;
  }
  try {
    await task(handle);
  } catch (error) {
    fail(error);
  } finally {
    await handle.close();
  }
}

function fail(error: unknown): void {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
