import type pg from "pg";

import type { Progress } from "./progress";

/**
 * Multi-row inserts for the corpus loader: rows are buffered column by column and sent as one
 * `insert … select from unnest($1::type[], …)` statement per batch, `concurrency` statements in flight.
 */

export interface Column {
  name: string;
  /** The PostgreSQL array element type of the parameter. */
  type: string;
  /** How to turn the unnested value into the column's value; `v.<name>` by default. */
  expr?: string;
}

export const ms = (name: string): Column => ({ name, type: "float8", expr: `to_timestamp(v.${name} / 1000.0)` });

/** Buffers rows column by column and sends them as one statement per batch, `concurrency` at a time. */
export class BatchWriter {
  private columns: unknown[][];
  private rows = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown = null;
  private readonly text: string;

  constructor(
    private readonly pool: pg.Pool,
    table: string,
    columns: Column[],
    private readonly options: { batchSize: number; concurrency: number; overriding?: boolean; progress?: Progress },
  ) {
    const names = columns.map((c) => c.name).join(", ");
    const params = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ");
    const exprs = columns.map((c) => c.expr ?? `v.${c.name}`).join(", ");
    const overriding = options.overriding === false ? "" : " overriding system value";
    this.text = `insert into ${table} (${names})${overriding} select ${exprs} from unnest(${params}) as v(${names})`;
    this.columns = columns.map(() => []);
  }

  async add(values: unknown[]): Promise<void> {
    for (let i = 0; i < values.length; i++) this.columns[i]!.push(values[i]);
    this.rows++;
    if (this.rows >= this.options.batchSize) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.rows === 0) return;
    const values = this.columns;
    const count = this.rows;
    this.columns = values.map(() => []);
    this.rows = 0;
    const promise: Promise<void> = this.pool.query(this.text, values).then(
      () => {
        this.inFlight.delete(promise);
        this.options.progress?.add(count);
      },
      (error: unknown) => {
        this.inFlight.delete(promise);
        this.failure ??= error;
      },
    );
    this.inFlight.add(promise);
    while (this.inFlight.size >= this.options.concurrency) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await this.flush();
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }
}
