// Text extraction for search, run in a worker thread (app/files/extract.server.ts): parsing a PDF
// or inflating a zip never blocks the requests' event loop, and the parent ends this thread when
// it takes too long. Plain JavaScript, outside the Remix bundle, so that a thread can load it.
import { open, readFile } from "node:fs/promises";
import { Buffer } from "node:buffer";
import { TextDecoder } from "node:util";
import { parentPort, workerData } from "node:worker_threads";

import { Unzip, UnzipInflate } from "fflate";

const { path, method, maxChars, maxInflatedBytes } = workerData;

function clip(text) {
  const compact = text.replace(/\s+/g, " ").trim();
  return compact.length > maxChars ? compact.slice(0, maxChars) : compact;
}

async function pdfText() {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const data = new Uint8Array(await readFile(path));
  const task = getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  const pdf = await task.promise;
  const parts = [];
  let length = 0;
  for (let page = 1; page <= pdf.numPages && length < maxChars; page++) {
    const content = await (await pdf.getPage(page)).getTextContent();
    for (const item of content.items) {
      if (typeof item.str === "string") {
        parts.push(item.str);
        length += item.str.length + 1;
        if (item.hasEOL) parts.push("\n");
      }
    }
    parts.push("\n");
  }
  await pdf.destroy();
  return clip(parts.join(" "));
}

const WANTED = {
  odf: (name) => name === "content.xml",
  ooxml: (name) =>
    name === "word/document.xml" || /^ppt\/slides\/slide\d+\.xml$/.test(name) || name === "xl/sharedStrings.xml",
};

/** Inflates the XML parts that hold the text, counting every byte: past the bound, no text at all. */
async function zipText(wanted) {
  const bytes = new Uint8Array(await readFile(path));
  const decoder = new TextDecoder();
  const texts = [];
  let inflated = 0;
  let bomb = false;
  let open = 0;
  await new Promise((resolve, reject) => {
    const unzip = new Unzip((file) => {
      if (bomb || !wanted(file.name)) return;
      open++;
      let xml = "";
      file.ondata = (error, chunk, final) => {
        if (error) return reject(error);
        inflated += chunk.length;
        if (inflated > maxInflatedBytes) {
          bomb = true;
          file.terminate();
          return resolve();
        }
        xml += decoder.decode(chunk, { stream: !final });
        if (final) {
          texts.push(xmlText(xml));
          if (--open === 0) resolve();
        }
      };
      file.start();
    });
    unzip.register(UnzipInflate);
    unzip.push(bytes, true);
    if (open === 0) resolve();
  });
  if (bomb) throw new Error("zip bomb");
  return clip(texts.join("\n"));
}

function xmlText(xml) {
  return xml
    .replace(/<(text:p|text:h|w:p|a:p|si)\b[^>]*>/g, "\n")
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code) => safeChar(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code) => safeChar(parseInt(code, 16)))
    .replace(/&amp;/g, "&");
}

function safeChar(code) {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : " ";
}

/** The beginning of a text file only: at most 4 bytes a character of the bound are read. */
async function plainText() {
  const handle = await open(path);
  try {
    const buffer = Buffer.alloc(maxChars * 4);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return clip(new TextDecoder().decode(buffer.subarray(0, bytesRead)));
  } finally {
    await handle.close();
  }
}

try {
  const text = method === "pdf" ? await pdfText() : method === "text" ? await plainText() : await zipText(WANTED[method]);
  parentPort.postMessage({ ok: true, text: text.replace(/\0/g, "") });
} catch (error) {
  parentPort.postMessage({ ok: false, reason: error instanceof Error ? error.message : String(error) });
}
