import sharp, { type Sharp } from "sharp";

/**
 * Images are decoded and encoded again with sharp: what is served is never the uploaded bytes.
 * Metadata (EXIF with GPS position, XMP, comments) is dropped — sharp keeps none unless asked —
 * the EXIF orientation is applied to the pixels, and dimensions are bounded. A display version at
 * most DISPLAY_WIDTH wide is what posts show, with its width and height (no layout shift).
 */

export const MAX_DIMENSION = 4000;
export const DISPLAY_WIDTH = 1200;
/** Refuse decompression bombs before decoding: 50 megapixels. */
const MAX_INPUT_PIXELS = 50_000_000;

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
}

export type ImageResult = { ok: true; original: EncodedImage; display: EncodedImage } | { ok: false; message: string };

type Format = "png" | "jpeg" | "webp" | "gif";

const FORMATS: Record<string, Format> = { "image/png": "png", "image/jpeg": "jpeg", "image/webp": "webp", "image/gif": "gif" };

export async function reencodeImage(path: string, mime: string): Promise<ImageResult> {
  const format = FORMATS[mime];
  if (!format) return { ok: false, message: "Ce format d'image n'est pas accepté." };
  const animated = format === "gif" || format === "webp";
  try {
    const input = () => sharp(path, { limitInputPixels: MAX_INPUT_PIXELS, animated, failOn: "error" }).rotate();
    const original = await encode(
      input().resize({ width: MAX_DIMENSION, height: MAX_DIMENSION, fit: "inside", withoutEnlargement: true }),
      format,
    );
    const display = await encode(input().resize({ width: DISPLAY_WIDTH, fit: "inside", withoutEnlargement: true }), format);
    return { ok: true, original, display };
  } catch {
    return { ok: false, message: "Cette image est illisible ou endommagée : elle n'a pas été ajoutée." };
  }
}

async function encode(image: Sharp, format: Format): Promise<EncodedImage> {
  const encoded =
    format === "jpeg"
      ? image.jpeg({ quality: 85, mozjpeg: true })
      : format === "png"
        ? image.png()
        : format === "webp"
          ? image.webp({ quality: 85 })
          : image.gif();
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  // An animation's height is that of all its frames stacked: show one frame's.
  const height = info.pageHeight ?? info.height;
  return { data, width: info.width, height };
}
