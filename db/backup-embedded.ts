import { existsSync, readFileSync, readdirSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

import type { PGlite } from "@electric-sql/pglite";

import { createEmbedded, lockDataDir } from "./embedded";
import { DatabaseStartupError } from "./errors";
import { BackupError, describe, writeAtomically } from "./backup-files";

/**
 * Backup and restore of the embedded database: PGlite's `dumpDataDir` (a gzipped tarball of the
 * data directory) and `loadDataDir`. PGlite allows one process per directory, so both take the
 * directory's lock file: a running app must be stopped first.
 */

const LOCK_FILE = "openent.lock";

function lock(dataDir: string): () => void {
  try {
    return lockDataDir(dataDir);
  } catch (error) {
    if (!(error instanceof DatabaseStartupError)) throw error;
    throw new BackupError(
      `${error.message} La base embarquée n'accepte qu'un processus : arrêtez l'application le temps de l'opération / ` +
        "the embedded database allows one process at a time: stop the app for the backup or restore.",
    );
  }
}

async function withLite<T>(dataDir: string, task: (lite: PGlite) => Promise<T>, options: { loadDataDir?: Blob } = {}): Promise<T> {
  let lite: PGlite;
  try {
    lite = await createEmbedded(dataDir, options);
  } catch (error) {
    throw new BackupError(`Impossible d'ouvrir la base embarquée / cannot open the embedded database in ${dataDir} (${describe(error)})`);
  }
  try {
    return await task(lite);
  } finally {
    await lite.close();
  }
}

export async function backupEmbedded(dataDir: string, out: string): Promise<void> {
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    throw new BackupError(`Aucune base embarquée dans / no embedded database in ${dataDir} (DATA_DIR)`);
  }
  const release = lock(dataDir);
  try {
    const tarball = await withLite(dataDir, (lite) => lite.dumpDataDir("gzip"));
    const bytes = Buffer.from(await tarball.arrayBuffer());
    await writeAtomically(out, (temporary) => writeFile(temporary, bytes));
  } finally {
    release();
  }
}

const USER_TABLES = `
  select count(*)::int as tables from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'`;

/** What the target directory holds, besides our lock: nothing, an empty database, or content. */
async function describeTarget(dataDir: string): Promise<{ entries: number; content: string | null }> {
  const entries = readdirSync(dataDir).filter((name) => name !== LOCK_FILE);
  if (entries.length === 0) return { entries: 0, content: null };
  if (!entries.includes("PG_VERSION")) return { entries: entries.length, content: `${entries.length} fichier(s) qui ne sont pas une base / files that are not a database` };
  try {
    const tables = await withLite(dataDir, async (lite) => (await lite.query<{ tables: number }>(USER_TABLES)).rows[0]?.tables ?? 0);
    return { entries: entries.length, content: tables > 0 ? `${tables} table(s)` : null };
  } catch (error) {
    return { entries: entries.length, content: `une base illisible / an unreadable database (${describe(error)})` };
  }
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "Z");
}

/**
 * Loads the tarball into a new directory beside `dataDir`, checks that it opens, then swaps it in.
 * Whatever `dataDir` held is never deleted: it is renamed to `<dataDir>.before-restore-<time>`.
 */
export async function restoreEmbedded(dataDir: string, from: string, force: boolean): Promise<{ setAside: string | null }> {
  const release = lock(dataDir);
  let releaseLock: () => void = release;
  const staging = `${dataDir}.restoring-${process.pid}`;
  try {
    const target = await describeTarget(dataDir);
    if (target.content && !force) {
      throw new BackupError(
        `Refusé : le répertoire de données ${dataDir} n'est pas vide (${target.content}) / refused: the data directory is not empty. ` +
          "Choisissez un DATA_DIR vide, ou relancez avec --force pour le remplacer (l'ancien est conservé à côté) / " +
          "choose an empty DATA_DIR, or use --force to replace it (the old one is kept aside).",
      );
    }
    rmSync(staging, { recursive: true, force: true });
    const tarball = new Blob([readFileSync(from)]);
    await withLite(staging, (lite) => lite.query(USER_TABLES), { loadDataDir: tarball });
    // The tarball holds the lock file of the process that made it: ours replaces it.
    writeFileSync(join(staging, LOCK_FILE), String(process.pid));

    let setAside: string | null = null;
    if (target.entries > 0) {
      setAside = `${dataDir}.before-restore-${timestamp()}`;
      renameSync(dataDir, setAside); // our lock file travels with it
      unlinkSync(join(setAside, LOCK_FILE));
    } else {
      release();
      rmdirSync(dataDir);
    }
    try {
      renameSync(staging, dataDir);
    } catch (error) {
      if (setAside) renameSync(setAside, dataDir);
      throw error;
    }
    releaseLock = () => unlinkSync(join(dataDir, LOCK_FILE));
    return { setAside };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    releaseLock();
  }
}
