import { strToU8, zipSync } from "fflate";
import sharp from "sharp";

/** Test files made in code (no binary fixtures): images with sharp, a PDF by hand, zips with fflate. */

export async function* chunksOf(data: Buffer, size = 64 * 1024): AsyncIterable<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

export async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of source) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

export function image(format: "png" | "jpeg" | "webp" | "gif", width = 64, height = 48): Promise<Buffer> {
  const base = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } });
  return (format === "png" ? base.png() : format === "jpeg" ? base.jpeg() : format === "webp" ? base.webp() : base.gif()).toBuffer();
}

/** A JPEG carrying GPS coordinates and an orientation in its EXIF, as a phone writes it. */
export function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 80, height: 40, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: "Telephone de test" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 24/1", GPSLongitudeRef: "E", GPSLongitude: "2/1 21/1 3/1" },
    })
    .toBuffer();
}

/** A one-page PDF whose text is `text` (ASCII), written by hand. */
export function pdf(text: string): Buffer {
  const content = `BT /F1 18 Tf 72 720 Td (${text.replace(/[()\\]/g, "")}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

const ODF_MIMES = {
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
} as const;

/** An OpenDocument file: `mimetype` first and stored, then content.xml. */
export function odf(kind: keyof typeof ODF_MIMES, text: string): Buffer {
  return Buffer.from(
    zipSync({
      mimetype: [strToU8(ODF_MIMES[kind]), { level: 0 }],
      "content.xml": strToU8(`<?xml version="1.0"?><office:document-content><office:body><text:p>${text}</text:p></office:body></office:document-content>`),
      "META-INF/manifest.xml": strToU8(`<?xml version="1.0"?><manifest:manifest/>`),
    }),
  );
}

const OOXML = {
  docx: { part: "word/document.xml", type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", xml: (t: string) => `<w:document><w:body><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:body></w:document>` },
  xlsx: { part: "xl/workbook.xml", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", xml: (t: string) => `<workbook><sheets/><!-- ${t} --></workbook>` },
  pptx: { part: "ppt/presentation.xml", type: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", xml: (t: string) => `<p:presentation><!-- ${t} --></p:presentation>` },
} as const;

/** An Office Open XML file; `documentXml` replaces word/document.xml (a zip bomb, for instance). */
export function ooxml(kind: keyof typeof OOXML, text: string, documentXml?: Uint8Array): Buffer {
  const { part, type, xml } = OOXML[kind];
  const contentTypes = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/${part}" ContentType="${type}"/></Types>`;
  return Buffer.from(
    zipSync({
      "[Content_Types].xml": strToU8(contentTypes),
      "_rels/.rels": strToU8(`<?xml version="1.0"?><Relationships/>`),
      [part]: documentXml ?? strToU8(xml(text)),
    }),
  );
}
