import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

import { backupEmbedded, restoreEmbedded } from "./backup-embedded";
import { BackupError, checkBackupTarget, detectBackupKind, type BackupKind } from "./backup-files";
import { backupServer, restoreServer, type ServerPrograms } from "./backup-server";
import { maskUrl, type DatabaseTarget } from "./client";

/**
 * `npm run db:backup` and `npm run db:restore` for both database modes (see docs/operations.md):
 * a PostgreSQL server through pg_dump / pg_restore (custom format), the embedded PGlite through
 * its data-directory tarball. Errors the operator can act on are `BackupError`s: one line each.
 */

export { BackupError, detectBackupKind, type BackupKind };

const KIND_NAMES: Record<BackupKind, string> = {
  server: "une sauvegarde de serveur PostgreSQL (pg_dump) / a PostgreSQL server backup",
  embedded: "une sauvegarde de la base embarquée (PGlite) / an embedded (PGlite) backup",
  unknown: "pas une sauvegarde faite par npm run db:backup / not a backup made by npm run db:backup",
};

export function describeTarget(target: DatabaseTarget): string {
  return target.kind === "server" ? maskUrl(target.url) : `PGlite ${target.dataDir}`;
}

/** `backups/openent-<mode>-<UTC time>.<ext>` under the current directory, created if needed. */
export function defaultBackupPath(target: DatabaseTarget, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "Z");
  mkdirSync("backups", { recursive: true });
  return resolve(join("backups", target.kind === "server" ? `openent-server-${stamp}.pgdump` : `openent-embedded-${stamp}.tar.gz`));
}

export async function backupDatabase(target: DatabaseTarget, out: string, programs: ServerPrograms = {}): Promise<void> {
  if (target.kind === "embedded" && target.dataDir === "memory://") throw new BackupError("Une base en mémoire ne se sauvegarde pas / an in-memory database cannot be backed up");
  checkBackupTarget(out);
  if (target.kind === "server") await backupServer(target.url, out, programs);
  else await backupEmbedded(target.dataDir, out);
}

export interface RestoreResult {
  /** The server database was not empty and has been replaced (--force). */
  replaced: boolean;
  /** Embedded: where the previous data directory was moved, if there was one. */
  setAside: string | null;
}

export async function restoreDatabase(
  target: DatabaseTarget,
  from: string,
  options: { force?: boolean; programs?: ServerPrograms } = {},
): Promise<RestoreResult> {
  const force = options.force ?? false;
  const kind = detectBackupKind(from);
  if (kind !== target.kind) {
    const hint =
      kind === "server"
        ? " Restaurez-la avec DATABASE_URL défini / restore it with DATABASE_URL set."
        : kind === "embedded"
          ? " Restaurez-la sans DATABASE_URL, avec DATA_DIR / restore it without DATABASE_URL, into DATA_DIR."
          : "";
    throw new BackupError(`Refusé : ${from} est ${KIND_NAMES[kind]}, la cible est ${describeTarget(target)}.${hint}`);
  }
  if (target.kind === "server") {
    const { replaced } = await restoreServer(target.url, from, force, options.programs);
    return { replaced, setAside: null };
  }
  if (target.dataDir === "memory://") throw new BackupError("Une base en mémoire ne se restaure pas / cannot restore into an in-memory database");
  const { setAside } = await restoreEmbedded(target.dataDir, from, force);
  return { replaced: setAside !== null, setAside };
}
