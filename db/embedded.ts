import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

// Types only: PGlite's modules (and its WebAssembly) are imported when the embedded database is opened.
import type { PGlite } from "@electric-sql/pglite";

import { DatabaseStartupError, describeError } from "./errors";

/** The embedded database's data directory: PGlite with its extensions, and the lock that keeps it to one process. */

/**
 * A bare PGlite on `dataDir` with the extensions the migrations use, for tasks that need PGlite
 * itself (backup and restore: `dumpDataDir`, `loadDataDir`). The caller holds `lockDataDir`.
 */
export async function createEmbedded(dataDir: string, options: { loadDataDir?: Blob } = {}): Promise<PGlite> {
  const [{ PGlite }, { pg_trgm }, { unaccent }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("@electric-sql/pglite/contrib/unaccent"),
  ]);
  return PGlite.create({ dataDir, extensions: { unaccent, pg_trgm }, ...options });
}

/**
 * Two PGlite instances on one directory corrupt it, so a lock file holds the directory for one
 * process. A lock left by a process that no longer runs is taken over; a live one is an error.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, "openent.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new DatabaseStartupError(
          `Répertoire de données inutilisable / data directory unusable: ${dataDir} (${describeError(error)})`,
        );
      }
      const holder = Number(readFileSync(lockPath, "utf8").trim());
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseStartupError(
          `Le répertoire de données ${dataDir} est déjà utilisé par le processus ${holder} / ` +
            `data directory already in use by process ${holder}. Arrêtez-le ou choisissez un autre DATA_DIR.`,
        );
      }
      writeFileSync(lockPath, "");
      unlinkSync(lockPath);
    }
  }
  throw new DatabaseStartupError(`Verrou impossible à prendre / cannot lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
