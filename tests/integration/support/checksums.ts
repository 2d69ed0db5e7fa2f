import { sql, type Kysely } from "kysely";

import type { Database } from "../../../db/schema";

export interface TableChecksum {
  rows: number;
  md5: string | null;
}

/**
 * Row count and a checksum of the rows of every table in `public`, found in the catalog (so a
 * table added by a later migration is compared too), plus every sequence's position, so that a
 * restored database is known to hand out the same next ids.
 */
export async function databaseChecksums(db: Kysely<Database>): Promise<Record<string, TableChecksum>> {
  const tables = await sql<{ name: string }>`
    select quote_ident(tablename) as name from pg_tables where schemaname = 'public' order by tablename
  `.execute(db);
  const checksums: Record<string, TableChecksum> = {};
  for (const { name } of tables.rows) {
    const result = await sql<TableChecksum>`
      select count(*) as rows, md5(string_agg(t::text, '|' order by t::text)) as md5 from ${sql.raw(name)} t
    `.execute(db);
    checksums[name] = result.rows[0]!;
  }
  const sequences = await sql<{ name: string; last_value: number | null }>`
    select sequencename as name, last_value from pg_sequences where schemaname = 'public' order by sequencename
  `.execute(db);
  for (const { name, last_value } of sequences.rows) checksums[`sequence ${name}`] = { rows: Number(last_value ?? 0), md5: null };
  return checksums;
}

export function tablesWithRows(checksums: Record<string, TableChecksum>): string[] {
  return Object.entries(checksums)
    .filter(([name, c]) => !name.startsWith("sequence ") && c.rows > 0)
    .map(([name]) => name);
}
