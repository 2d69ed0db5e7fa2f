import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

import express, { type RequestHandler } from "express";

import { COMPRESS_OVER_BYTES, preferredEncoding, type Encoding } from "./page-store";

/**
 * Static assets compressed once, at build time (`npm run build` runs `precompressDirectory` on
 * public/build), served as `<file>.br` or `<file>.gz` to the clients that accept them: brotli at its
 * best quality costs nothing per request. Files without a variant go on to `express.static`.
 */

const COMPRESSIBLE_EXTENSIONS = new Set([".js", ".mjs", ".css", ".svg", ".json", ".txt", ".map"]);
const SUFFIX: Record<Encoding, string> = { br: ".br", gzip: ".gz" };

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

/** Writes `.br` and `.gz` beside every compressible file over 1 KB; returns how many files it compressed. */
export function precompressDirectory(dir: string): number {
  let count = 0;
  for (const path of walk(dir)) {
    if (!COMPRESSIBLE_EXTENSIONS.has(extname(path)) || statSync(path).size <= COMPRESS_OVER_BYTES) continue;
    const content = readFileSync(path);
    writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
    count++;
  }
  return count;
}

/** The URL paths (below `dir`) that have a precompressed variant, and which. */
function variantsOf(dir: string): Map<string, Set<Encoding>> {
  const variants = new Map<string, Set<Encoding>>();
  let files: string[] = [];
  try {
    files = walk(dir);
  } catch {
    return variants;
  }
  for (const path of files) {
    const encoding = path.endsWith(".br") ? "br" : path.endsWith(".gz") ? "gzip" : null;
    if (!encoding) continue;
    const url = `/${relative(dir, path.slice(0, -SUFFIX[encoding].length)).split(sep).join("/")}`;
    if (!variants.has(url)) variants.set(url, new Set());
    variants.get(url)!.add(encoding);
  }
  return variants;
}

/** Serves the precompressed variant of a file under `dir` when there is one the client accepts. */
export function precompressedStatic(dir: string, options: Parameters<typeof express.static>[1] = {}): RequestHandler {
  // The build is immutable for the life of the process: list its variants once.
  const variants = variantsOf(dir);
  const serve = express.static(dir, { ...options, index: false, fallthrough: true });
  return (req, res, next) => {
    const available = (req.method === "GET" || req.method === "HEAD") && variants.get(req.path);
    if (!available) {
      next();
      return;
    }
    res.vary("Accept-Encoding");
    const encoding = preferredEncoding(req.get("accept-encoding"), (["br", "gzip"] as const).filter((e) => available.has(e)));
    if (!encoding) {
      next();
      return;
    }
    res.type(extname(req.path));
    res.setHeader("Content-Encoding", encoding);
    const original = req.url;
    req.url = `${req.path}${SUFFIX[encoding]}`;
    serve(req, res, () => {
      // The variant went away (a rebuild): the original file, as is.
      res.removeHeader("Content-Encoding");
      req.url = original;
      next();
    });
  };
}
