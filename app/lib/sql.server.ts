import { sql, type RawBuilder } from "kysely";

/**
 * A text column folded for sorting: accent- and case-insensitive ("Île-de-France" among the I's),
 * the same on PGlite and on any server whatever its collation.
 */
export function foldedText(column: string): RawBuilder<string> {
  return sql<string>`lower(unaccent(${sql.ref(column)}))`;
}
