import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createReply } from "../../app/forum/posts.server";
import { BackupError, backupDatabase, detectBackupKind, restoreDatabase } from "../../db/backup";
import { openDatabase, type DatabaseTarget } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import type { Database } from "../../db/schema";
import { databaseChecksums, tablesWithRows, type TableChecksum } from "./support/checksums";
import { createTestDatabase, type TestDatabase } from "./support/databases";
import { makeThread, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

/** Members, threads, replies, tags, read marks: rows in most tables, so the comparison means something. */
async function addContent(db: Kysely<Database>, label: string): Promise<void> {
  const author = await makeUser(db, "delegate");
  const other = await makeUser(db, "moderator");
  const thread = await makeThread(db, author, { title: `Fil ${label} sauvegardé`, body: "Contexte : « guillemets », accents é à ç, emoji 🎒." });
  await makeThread(db, other, { title: `Second fil ${label}` });
  await createReply(db, viewerOf(other), thread.id, "Une réponse avec **du gras** et une [lien](https://example.org).");
}

async function checksumsOf(target: DatabaseTarget): Promise<Record<string, TableChecksum>> {
  const handle = await openDatabase(target);
  try {
    return await databaseChecksums(handle.db);
  } finally {
    await handle.close();
  }
}

function pgDumpMajor(): number | null {
  const result = spawnSync("pg_dump", ["--version"], { encoding: "utf8" });
  const match = result.status === 0 ? /(\d+)(?:\.\d+)?/.exec(result.stdout) : null;
  return match ? Number(match[1]) : null;
}

describe("backup files of an unknown kind", () => {
  it("are refused by both restores with a clear one-line message", async () => {
    const dir = mkdtempSync(join(tmpdir(), "openent-backup-"));
    try {
      const random = join(dir, "notes.txt");
      writeFileSync(random, "ceci n'est pas une sauvegarde\n");
      expect(detectBackupKind(random)).toBe("unknown");
      for (const target of [
        { kind: "server", url: "postgres://nobody@127.0.0.1:1/none" },
        { kind: "embedded", dataDir: join(dir, "data") },
      ] satisfies DatabaseTarget[]) {
        const error = await restoreDatabase(target, random).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BackupError);
        expect((error as Error).message).toMatch(/pas une sauvegarde faite par npm run db:backup/);
        expect((error as Error).message).not.toContain("\n");
      }
      expect(existsSync(join(dir, "data"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("backup and restore [embedded PGlite]", () => {
  let dir: string;
  let source: DatabaseTarget & { kind: "embedded" };
  let backupFile: string;
  let atBackup: Record<string, TableChecksum>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "openent-backup-"));
    source = { kind: "embedded", dataDir: join(dir, "source") };
    backupFile = join(dir, "embedded.tar.gz");
    const handle = await openDatabase(source);
    try {
      await migrateToLatest(handle.db);
      await addContent(handle.db, "embarqué");
      atBackup = await databaseChecksums(handle.db);
    } finally {
      await handle.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("round-trips into an empty data directory with the same rows in every table", { timeout: 90_000 }, async () => {
    expect(tablesWithRows(atBackup).length).toBeGreaterThanOrEqual(8);
    await backupDatabase(source, backupFile);
    expect(detectBackupKind(backupFile)).toBe("embedded");
    expect(readdirSync(dir).filter((name) => name.includes("partial"))).toEqual([]);

    const empty: DatabaseTarget = { kind: "embedded", dataDir: join(dir, "restored") };
    const result = await restoreDatabase(empty, backupFile);
    expect(result.setAside).toBeNull();
    expect(existsSync(join(empty.dataDir, "openent.lock"))).toBe(false);
    expect(await checksumsOf(empty)).toEqual(atBackup);
  });

  it("refuses to back up a data directory that another live process holds", async () => {
    const lock = join(source.dataDir, "openent.lock");
    writeFileSync(lock, String(process.ppid));
    try {
      const error = await backupDatabase(source, join(dir, "refused.tar.gz")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackupError);
      expect((error as Error).message).toMatch(/arrêtez l'application/);
      expect(existsSync(join(dir, "refused.tar.gz"))).toBe(false);
    } finally {
      rmSync(lock, { force: true });
    }
  });

  it("refuses a non-empty data directory without --force; with it, replaces it and keeps the old one aside", { timeout: 90_000 }, async () => {
    const handle = await openDatabase(source);
    await addContent(handle.db, "après la sauvegarde");
    const afterBackup = await databaseChecksums(handle.db);
    await handle.close();
    expect(afterBackup).not.toEqual(atBackup);

    const error = await restoreDatabase(source, backupFile).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/n'est pas vide .*--force/);

    const result = await restoreDatabase(source, backupFile, { force: true });
    expect(result.setAside).toMatch(/source\.before-restore-/);
    expect(readdirSync(result.setAside!)).toContain("PG_VERSION");
    expect(existsSync(join(result.setAside!, "openent.lock"))).toBe(false);
    expect(await checksumsOf(source)).toEqual(atBackup);
    expect(await checksumsOf({ kind: "embedded", dataDir: result.setAside! })).toEqual(afterBackup);
  });

  it("is refused by a server restore, before any connection", async () => {
    const error = await restoreDatabase({ kind: "server", url: "postgres://nobody@127.0.0.1:1/none" }, backupFile).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/sauvegarde de la base embarquée .*sans DATABASE_URL/);
  });
});

const dumpMajor = pgDumpMajor();

describe.skipIf(!process.env.TEST_DATABASE_URL || dumpMajor === null)("backup and restore [postgresql]", () => {
  let dir: string;
  let source: TestDatabase;
  let restored: TestDatabase;
  let sourceTarget: DatabaseTarget;
  let restoredTarget: DatabaseTarget;
  let backupFile: string;
  let atBackup: Record<string, TableChecksum>;
  let dumpTooOld = false;
  beforeEach((ctx) => {
    if (dumpTooOld) ctx.skip();
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "openent-backup-"));
    backupFile = join(dir, "server.pgdump");
    source = await createTestDatabase("postgresql");
    restored = await createTestDatabase("postgresql", { migrate: false });
    sourceTarget = source.handle.target;
    restoredTarget = restored.handle.target;
    const server = await source.handle.pool.query<{ major: number }>("select current_setting('server_version_num')::int / 10000 as major");
    if ((dumpMajor ?? 0) < server.rows[0]!.major) {
      console.warn(`pg_dump ${dumpMajor} is older than the server (${server.rows[0]!.major}): server backup tests skipped`);
      dumpTooOld = true;
      return;
    }
    await addContent(source.db, "serveur");
    atBackup = await databaseChecksums(source.db);
  });
  afterAll(async () => {
    await Promise.all([source?.dispose(), restored?.dispose()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("round-trips into an empty database with the same rows in every table", async () => {
    expect(tablesWithRows(atBackup).length).toBeGreaterThanOrEqual(8);
    await backupDatabase(sourceTarget, backupFile);
    expect(detectBackupKind(backupFile)).toBe("server");
    expect(readdirSync(dir)).toEqual(["server.pgdump"]);

    const result = await restoreDatabase(restoredTarget, backupFile);
    expect(result.replaced).toBe(false);
    expect(await databaseChecksums(restored.db)).toEqual(atBackup);
  });

  it("refuses a non-empty database without --force, and replaces it with --force", async () => {
    await addContent(restored.db, "ajouté à la cible");
    const changed = await databaseChecksums(restored.db);
    expect(changed).not.toEqual(atBackup);

    const error = await restoreDatabase(restoredTarget, backupFile).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/n'est pas vide \(\d+ table\(s\), schéma migré\)/);
    expect(await databaseChecksums(restored.db)).toEqual(changed);

    const result = await restoreDatabase(restoredTarget, backupFile, { force: true });
    expect(result.replaced).toBe(true);
    expect(await databaseChecksums(restored.db)).toEqual(atBackup);
  });

  it("rolls back a restore from a truncated file and leaves the target as it was, even with --force", async () => {
    await addContent(restored.db, "avant la restauration ratée");
    const before = await databaseChecksums(restored.db);
    const bytes = readFileSync(backupFile);
    const truncated = join(dir, "truncated.pgdump");

    // Cut in the table of contents: refused before the target is touched.
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const unreadable = await restoreDatabase(restoredTarget, truncated, { force: true }).catch((e: unknown) => e);
    expect(unreadable).toBeInstanceOf(BackupError);
    expect((unreadable as Error).message).toMatch(/Sauvegarde illisible/);

    // Cut in the last table's data: the restore has already emptied the target when it fails.
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 64));
    const error = await restoreDatabase(restoredTarget, truncated, { force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/annulée, base inchangée/);
    expect((error as Error).message).not.toContain("\n");
    expect(await databaseChecksums(restored.db)).toEqual(before);
  });

  it("removes the partial file and says why when pg_dump fails mid-way (a file size limit, as with a full disk)", async () => {
    const wrapper = join(dir, "pg_dump_small_disk.sh");
    writeFileSync(wrapper, '#!/bin/sh\nulimit -f 16\nexec pg_dump "$@"\n');
    chmodSync(wrapper, 0o755);
    const outDir = mkdtempSync(join(tmpdir(), "openent-backup-out-"));
    try {
      const error = await backupDatabase(sourceTarget, join(outDir, "full.pgdump"), { pgDump: wrapper }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackupError);
      const message = (error as Error).message;
      expect(message).toMatch(/Sauvegarde échouée .*disque plein.*fichier partiel supprimé/);
      expect(message).not.toContain("\n");
      expect(readdirSync(outDir)).toEqual([]);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it("names a target directory that does not exist, and writes nothing", async () => {
    const error = await backupDatabase(sourceTarget, join(dir, "missing", "x.pgdump")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toContain(join(dir, "missing"));
    expect(existsSync(join(dir, "missing"))).toBe(false);
  });

  it("is refused by an embedded restore, which creates nothing", async () => {
    const dataDir = join(dir, "data");
    const error = await restoreDatabase({ kind: "embedded", dataDir }, backupFile).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/sauvegarde de serveur PostgreSQL .*avec DATABASE_URL/);
    expect(existsSync(dataDir)).toBe(false);
  });
});
