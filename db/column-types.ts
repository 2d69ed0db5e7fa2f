import type { ColumnType } from "kysely";

/** Column types shared by the schema files (db/schema.ts and db/schema-*.ts). */

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default (usually now()). */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A nullable column that inserts may leave out. */
export type OptionalNullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
