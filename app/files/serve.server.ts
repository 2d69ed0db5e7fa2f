import type { FileStore } from "./store.server";
import type { ServableFile } from "./access.server";

/**
 * The HTTP answer for a file (docs/files.md): `ETag` (the content's SHA-256) and `If-None-Match`
 * (304), one `Range` (206, 416 when out of bounds; several ranges get the whole file), and the
 * serving policy: `nosniff`, `Content-Security-Policy: sandbox`, `attachment` for all but images.
 * The body streams from the store chunk by chunk.
 */

export type Variant = "original" | "display";

export function serveFile(request: Request, file: ServableFile, store: FileStore, variant: Variant): Response {
  const display = variant === "display" && file.displaySha256 !== null && file.displaySize !== null;
  const sha256 = display ? file.displaySha256! : file.sha256;
  const size = display ? file.displaySize! : file.size;
  const etag = `"${sha256.toString("hex")}"`;
  const headers = new Headers({
    ETag: etag,
    "Accept-Ranges": "bytes",
    "Content-Type": contentType(file.mime),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    "Content-Disposition": contentDisposition(file),
    "Cache-Control": "private, no-cache",
    "Cross-Origin-Resource-Policy": "same-origin",
  });
  if (matchesEtag(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });

  const rangeHeader = request.headers.get("range");
  const ifRange = request.headers.get("if-range");
  const range = rangeHeader && (ifRange === null || ifRange === etag) ? parseRange(rangeHeader, size) : null;
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const bytes = range ?? { start: 0, end: size - 1 };
  headers.set("Content-Length", String(bytes.end - bytes.start + 1));
  if (range) headers.set("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
  if (request.method === "HEAD") return new Response(null, { status: range ? 206 : 200, headers });
  return new Response(toStream(store.read(sha256, bytes)), { status: range ? 206 : 200, headers });
}

function toStream(source: AsyncIterable<Buffer>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

function contentType(mime: string): string {
  return mime.startsWith("text/") ? `${mime}; charset=utf-8` : mime;
}

function contentDisposition(file: ServableFile): string {
  const kind = file.kind === "image" ? "inline" : "attachment";
  const ascii = file.name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`;
}

function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === etag || tag === "*");
}

/** One `bytes=` range; null to serve the whole file (no range, several, or not understood). */
export function parseRange(header: string, size: number): { start: number; end: number } | "unsatisfiable" | null {
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header.trim());
  if (!match) return header.trim().startsWith("bytes=") && !header.includes(",") ? "unsatisfiable" : null;
  const [, from, to] = match;
  if (from === "" && to === "") return "unsatisfiable";
  if (from === "") {
    const suffix = Number(to);
    if (!Number.isSafeInteger(suffix) || suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === "" ? size - 1 : Math.min(Number(to), size - 1);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= size || start > end) return "unsatisfiable";
  return { start, end };
}
