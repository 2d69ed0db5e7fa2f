import { once } from "node:events";
import { finished } from "node:stream/promises";
import type { Response as ExpressResponse } from "express";
import { constants, createBrotliCompress, createGzip, type BrotliCompress, type Gzip } from "node:zlib";

import { COMPRESS_OVER_BYTES, preferredEncoding } from "./page-store";

/**
 * Compression of the responses Remix renders for each request (the page cache compresses its pages
 * once, server/page-store.ts). Text bodies over 1 KB go out gzip (cheapest per request: a 16 KB page
 * costs about 0.5 ms, brotli's fast settings twice that) or brotli when the client accepts only that,
 * as they stream: the compressor is flushed whenever the page stops producing, so a deferred part
 * still reaches the browser when it is ready. Event streams are left alone.
 */

const COMPRESSIBLE = /^(text\/(html|plain|css|csv|markdown|x-script|javascript)|application\/(json|xml|atom\+xml|javascript|manifest\+json))\b/i;

export function shouldCompress(res: ExpressResponse, status: number): boolean {
  if (res.req.method === "HEAD" || status === 204 || status === 304) return false;
  if (res.getHeader("content-encoding")) return false;
  const length = Number(res.getHeader("content-length"));
  if (Number.isFinite(length) && length <= COMPRESS_OVER_BYTES) return false;
  return COMPRESSIBLE.test(String(res.getHeader("content-type") ?? ""));
}

/** Writes `body` to `res`, compressed when the client accepts it and the body passes 1 KB. */
export async function writeCompressible(res: ExpressResponse, body: ReadableStream<Uint8Array>): Promise<void> {
  const encoding = preferredEncoding(res.req.get("accept-encoding"), ["gzip", "br"]);
  res.vary("Accept-Encoding");
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (!done && size <= COMPRESS_OVER_BYTES) {
    const next = await reader.read();
    done = next.done;
    if (next.value) {
      head.push(next.value);
      size += next.value.length;
    }
  }
  if (!encoding || size <= COMPRESS_OVER_BYTES) {
    await writeGathered(res, head, done ? null : reader);
    return;
  }
  res.removeHeader("Content-Length");
  res.setHeader("Content-Encoding", encoding);
  const compressor: Gzip | BrotliCompress =
    encoding === "gzip" ? createGzip({ level: 6 }) : createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
  compressor.pipe(res);
  let flushing = false;
  const write = async (chunk: Uint8Array) => {
    if (!compressor.write(chunk)) await once(compressor, "drain");
    if (!flushing) {
      flushing = true;
      setImmediate(() => {
        flushing = false;
        if (!compressor.writableEnded) compressor.flush();
      });
    }
  };
  for (const chunk of head) await write(chunk);
  if (done) compressor.end();
  else await pump(reader, write, () => compressor.end());
  await finished(res).catch(() => undefined);
}

async function pump(reader: ReadableStreamDefaultReader<Uint8Array>, write: (chunk: Uint8Array) => unknown, end: () => void): Promise<void> {
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await write(value);
    }
  } finally {
    end();
  }
}

/**
 * An uncompressed body, its chunks gathered: React writes a page in 2 KB pieces, which went out as
 * ~35 chunks of the chunked encoding in several socket writes. What arrives together now goes out
 * as one write at the next turn of the event loop, and a page produced at once as one `end` with its
 * Content-Length; a page that pauses (a deferred part) still sends what it has when it pauses.
 */
async function writeGathered(res: ExpressResponse, head: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array> | null): Promise<void> {
  let pending = head;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0 || res.writableEnded) return;
    res.write(Buffer.concat(pending));
    pending = [];
  };
  const end = () => {
    const rest = pending;
    pending = [];
    if (rest.length) res.end(rest.length === 1 ? rest[0] : Buffer.concat(rest));
    else res.end();
  };
  if (!reader) return end();
  const gather = (chunk: Uint8Array) => {
    pending.push(chunk);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  const first = pending;
  pending = [];
  for (const chunk of first) gather(chunk);
  await pump(reader, gather, end);
}
