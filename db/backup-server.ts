import pg from "pg";

import { maskUrl } from "./client";
import { BackupError, describe, failureLine, startProgram, writeAtomically } from "./backup-files";

/**
 * Backup and restore of a PostgreSQL server database with the PostgreSQL client programs:
 * `pg_dump --format=custom`, and `pg_restore` piped into `psql` inside one transaction.
 */

export interface ServerPrograms {
  pgDump?: string;
  pgRestore?: string;
  psql?: string;
}

/**
 * libpq takes the URL; the password goes through the environment (`PGPASSWORD`) so that it never
 * shows in the process list.
 */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BackupError("DATABASE_URL illisible / unreadable DATABASE_URL");
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (parsed.password) {
    env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = "";
  }
  return { dbname: parsed.toString(), env };
}

export async function backupServer(url: string, out: string, programs: ServerPrograms = {}): Promise<void> {
  const { dbname, env } = connection(url);
  const pgDump = programs.pgDump ?? "pg_dump";
  await writeAtomically(out, async (temporary) => {
    const { done } = startProgram(pgDump, ["--format=custom", "--no-password", `--file=${temporary}`, `--dbname=${dbname}`], env);
    const result = await done;
    if (result.code !== 0) throw new BackupError(`Sauvegarde échouée / backup failed (${maskUrl(url)}) — ${failureLine("pg_dump", result)} ; fichier partiel supprimé / partial file removed`);
  });
}

/** Tables outside the system schemas: a fresh `createdb` database has none. */
async function existingTables(url: string): Promise<{ tables: number; migrated: boolean }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const result = await client.query<{ tables: string; migrated: boolean }>(`
      select count(*) as tables, bool_or(c.relname = 'kysely_migration') as migrated
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
    `);
    const row = result.rows[0];
    return { tables: Number(row?.tables ?? 0), migrated: row?.migrated === true };
  } catch (error) {
    throw new BackupError(`Base de données injoignable / database unreachable: ${maskUrl(url)} (${describe(error)})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function restoreServer(url: string, from: string, force: boolean, programs: ServerPrograms = {}): Promise<{ replaced: boolean }> {
  const { dbname, env } = connection(url);
  const pgRestore = programs.pgRestore ?? "pg_restore";
  const psql = programs.psql ?? "psql";

  // The table of contents must be readable before anything in the target is touched.
  const listed = await startProgram(pgRestore, ["--list", from], env).done;
  if (listed.code !== 0) throw new BackupError(`Sauvegarde illisible / unreadable backup ${from} — ${failureLine("pg_restore", listed)}`);

  const existing = await existingTables(url);
  if (existing.tables > 0 && !force) {
    throw new BackupError(
      `Refusé : la base cible ${maskUrl(url)} n'est pas vide (${existing.tables} table(s)${existing.migrated ? ", schéma migré" : ""}) / ` +
        "refused: the target database is not empty. Restaurez dans une base vide, ou relancez avec --force pour la remplacer / restore into an empty database, or use --force to replace it.",
    );
  }

  // One transaction for everything, the emptying included: pg_restore writes SQL, psql runs it
  // between our BEGIN and a COMMIT sent only once pg_restore has read the whole file. Any failure
  // (a truncated file, an SQL error) rolls back and leaves the target as it was.
  const target = startProgram(psql, ["--no-psqlrc", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1", `--dbname=${dbname}`], env, "pipe");
  const source = startProgram(pgRestore, ["--no-owner", "--exit-on-error", "--file=-", from], env);
  const stdin = target.child.stdin!;
  stdin.on("error", () => undefined); // psql stopped early: its own exit status says why.
  target.child.stdout!.resume();
  stdin.write("begin;\n");
  if (existing.tables > 0) stdin.write("drop schema if exists public cascade;\ncreate schema public;\n");
  source.child.stdout!.pipe(stdin, { end: false });

  const [dumped, applied] = await Promise.all([
    source.done.then((result) => {
      // Without a COMMIT, psql ends its session with the transaction open: the server rolls it back.
      if (result.code === 0) stdin.end("commit;\n");
      else stdin.end();
      return result;
    }),
    target.done,
  ]);
  if (applied.code !== 0) {
    throw new BackupError(`Restauration annulée, base inchangée / restore rolled back, database unchanged — ${failureLine("psql", applied)}`);
  }
  if (dumped.code !== 0) {
    throw new BackupError(`Restauration annulée, base inchangée / restore rolled back, database unchanged — ${failureLine("pg_restore", dumped)}`);
  }
  await analyze(url);
  return { replaced: existing.tables > 0 };
}

/** pg_restore leaves the planner without statistics: gather them so that the first queries are not slow. */
async function analyze(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query("analyze");
  } finally {
    await client.end().catch(() => undefined);
  }
}
