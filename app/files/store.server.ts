import { createHash } from "node:crypto";

import { sql, type Kysely, type Transaction } from "kysely";

import type { Database } from "../../db/schema";

/**
 * Where file bytes live. Routes and the rest of the domain only see this interface, so an object
 * store can replace PostgreSQL later without touching them (docs/files.md).
 */
export interface StoredContent {
  /** SHA-256 of the whole content: its address, and the ETag it is served with. */
  sha256: Buffer;
  size: number;
}

export interface FileStore {
  /** Stores a stream of bytes (never held whole in memory); the same bytes twice are stored once. */
  put(source: AsyncIterable<Uint8Array>): Promise<StoredContent>;
  /** Streams bytes `start`…`end` (inclusive) of a stored content. */
  read(sha256: Buffer, range?: { start: number; end: number }): AsyncIterable<Buffer>;
}

export const CHUNK_BYTES = 256 * 1024;

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Content-addressed chunks in PostgreSQL: `file_chunk` (one row per distinct 256 KiB chunk, keyed
 * by its SHA-256) and `file_content` (a content as its ordered chunks). Works the same on PGlite.
 * `put` writes in the caller's transaction when given one, so a content is either whole or absent.
 */
export class PgFileStore implements FileStore {
  constructor(private readonly db: Db) {}

  async put(source: AsyncIterable<Uint8Array>): Promise<StoredContent> {
    const whole = createHash("sha256");
    const chunks: { sha256: Buffer; size: number }[] = [];
    let pending: Buffer[] = [];
    let pendingSize = 0;
    let size = 0;
    const flush = async (bytes: Buffer) => {
      const sha256 = createHash("sha256").update(bytes).digest();
      await this.db
        .insertInto("file_chunk")
        .values({ sha256, data: bytes })
        .onConflict((oc) => oc.column("sha256").doNothing())
        .execute();
      chunks.push({ sha256, size: bytes.length });
    };
    for await (const piece of source) {
      let buffer = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      whole.update(buffer);
      size += buffer.length;
      while (buffer.length > 0) {
        const room = CHUNK_BYTES - pendingSize;
        const taken = buffer.subarray(0, room);
        pending.push(taken);
        pendingSize += taken.length;
        buffer = buffer.subarray(taken.length);
        if (pendingSize === CHUNK_BYTES) {
          await flush(Buffer.concat(pending, pendingSize));
          pending = [];
          pendingSize = 0;
        }
      }
    }
    if (pendingSize > 0) await flush(Buffer.concat(pending, pendingSize));
    if (size === 0) throw new Error("empty content");
    const sha256 = whole.digest();
    await this.db
      .insertInto("file_content")
      .values(chunks.map((chunk, seq) => ({ sha256, seq, chunk_sha256: chunk.sha256, size: chunk.size })))
      .onConflict((oc) => oc.columns(["sha256", "seq"]).doNothing())
      .execute();
    return { sha256, size };
  }

  async *read(sha256: Buffer, range?: { start: number; end: number }): AsyncIterable<Buffer> {
    const parts = await this.db
      .selectFrom("file_content")
      .select(["seq", "chunk_sha256", "size"])
      .where("sha256", "=", sha256)
      .orderBy("seq")
      .execute();
    let offset = 0;
    for (const part of parts) {
      const partStart = offset;
      const partEnd = offset + part.size - 1;
      offset += part.size;
      if (range && (partEnd < range.start || partStart > range.end)) continue;
      const from = range ? Math.max(range.start, partStart) - partStart : 0;
      const to = range ? Math.min(range.end, partEnd) - partStart : part.size - 1;
      // substring() on bytea: only the bytes asked for leave the database.
      const row = await this.db
        .selectFrom("file_chunk")
        .select(sql<Buffer>`substring(data from ${from + 1} for ${to - from + 1})`.as("data"))
        .where("sha256", "=", part.chunk_sha256)
        .executeTakeFirst();
      if (!row) throw new Error("missing file chunk");
      yield row.data;
    }
  }
}

/** Removes contents no file refers to, then chunks no content refers to. */
export async function purgeUnusedContent(db: Kysely<Database>): Promise<void> {
  await sql`
    delete from file_content c
    where not exists (select 1 from file f where f.sha256 = c.sha256 or f.display_sha256 = c.sha256)
  `.execute(db);
  await sql`delete from file_chunk k where not exists (select 1 from file_content c where c.chunk_sha256 = k.sha256)`.execute(db);
}
