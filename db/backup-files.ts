import { spawn } from "node:child_process";
import { closeSync, fsyncSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";

/** A backup or restore problem the operator can act on: printed as one line, without a stack trace. */
export class BackupError extends Error {
  override name = "BackupError";
}

/** What a file holds, judged from its first bytes (and, for a tarball, its entries). */
export type BackupKind = "server" | "embedded" | "unknown";

const PG_DUMP_MAGIC = Buffer.from("PGDMP");

export function detectBackupKind(file: string): BackupKind {
  const head = readHead(file, 512);
  if (head.subarray(0, 5).equals(PG_DUMP_MAGIC)) return "server";
  if (head[0] === 0x1f && head[1] === 0x8b) return tarHoldsDataDir(file) ? "embedded" : "unknown";
  return "unknown";
}

function readHead(file: string, length: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    throw new BackupError(`Fichier de sauvegarde illisible / cannot read backup file ${file} (${(error as Error).message})`);
  }
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** A PGlite `dumpDataDir` tarball is a gzipped tar whose entries include the data directory's `PG_VERSION`. */
function tarHoldsDataDir(file: string): boolean {
  let tar: Buffer;
  try {
    tar = gunzipSync(readFileSync(file));
  } catch {
    return false;
  }
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) return false;
    const name = cString(header.subarray(0, 100));
    const prefix = cString(header.subarray(345, 500));
    if (`${prefix}/${name}`.split("/").at(-1) === "PG_VERSION") return true;
    const size = parseInt(cString(header.subarray(124, 136)).trim() || "0", 8);
    if (!Number.isFinite(size)) return false;
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return false;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString("utf8");
}

/** The backup file must be new, in an existing directory: checked before any work is done. */
export function checkBackupTarget(target: string): string {
  const path = resolve(target);
  const directory = dirname(path);
  if (!isDirectory(directory)) {
    throw new BackupError(`Répertoire de destination introuvable / target directory not found: ${directory}`);
  }
  if (exists(path)) {
    throw new BackupError(`Le fichier existe déjà / file already exists: ${path} (choisissez un autre --out / choose another --out)`);
  }
  return path;
}

/**
 * Writes `target` through a temporary file beside it: `write` fills the temporary file, which is
 * then flushed to disk and renamed over the target. On any failure (a full disk, a failing pg_dump)
 * the temporary file is removed and nothing is left under the target's name.
 */
export async function writeAtomically(target: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const path = checkBackupTarget(target);
  const directory = dirname(path);
  const temporary = join(directory, `.${basename(path)}.${process.pid}.partial`);
  try {
    await write(temporary);
    fsyncPath(temporary, "r");
    await rename(temporary, path);
    fsyncPath(directory, "r");
  } catch (error) {
    await rm(temporary, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`Échec de l'écriture de la sauvegarde / backup write failed: ${path} (${describe(error)}) ; fichier partiel supprimé / partial file removed`);
  }
}

function fsyncPath(path: string, flags: string): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts a PostgreSQL client program; a missing binary is an operator-facing error. */
export function startProgram(command: string, args: string[], env: NodeJS.ProcessEnv, stdin: "ignore" | "pipe" = "ignore") {
  const child = spawn(command, args, { env, stdio: [stdin, "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    if (stderr.length < 64_000) stderr += chunk;
  });
  const done = new Promise<ProcessResult>((resolvePromise, reject) => {
    child.on("error", (error) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        reject(
          new BackupError(
            `${command} introuvable / not found on PATH : installez postgresql-client (version ≥ celle du serveur) / install postgresql-client (same major version as the server or newer)`,
          ),
        );
      } else reject(error);
    });
    child.on("close", (code, signal) => resolvePromise({ code, signal, stderr }));
  });
  return { child, done };
}

/** The last meaningful line of a program's error output, for a one-line message. */
export function failureLine(program: string, result: ProcessResult): string {
  const lines = result.stderr
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const errorLine = lines.find((line) => /error|erreur|fatal/i.test(line)) ?? lines.at(-1);
  const why = errorLine ?? (result.signal ? `tué par le signal / killed by ${result.signal}` : `code ${result.code}`);
  const hint = result.signal === "SIGXFSZ" ? " (fichier trop grand ou disque plein / file too large or disk full)" : "";
  return `${program} : ${why}${hint}`;
}
