import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import type { Kysely } from "kysely";

import type { Database, FileKind } from "../../db/schema";
import { can } from "../auth/permissions";
import type { Viewer } from "../forum/viewer";
import { detectFileType } from "./detect.server";
import { extractText } from "./extract.server";
import { reencodeImage } from "./images.server";
import { MAX_FILE_BYTES, MAX_FILE_MB } from "./limits";
import { normalizeFileName, withExtension } from "./names";
import { PgFileStore } from "./store.server";

/**
 * An upload, from the request's stream to a stored file: the bytes go to a temporary file while
 * they are counted (past MAX_FILE_BYTES the upload stops at once), then the type is decided from
 * them, images are encoded again, text is extracted for search, the quota is checked, and the
 * content is stored by the FileStore. Nothing is stored for a refused file.
 */

export interface UploadedFile {
  id: string;
  name: string;
  mime: string;
  kind: FileKind;
  size: number;
}

export type UploadResult = { ok: true; file: UploadedFile } | { ok: false; status: 400 | 403 | 413; message: string };

export const TOO_LARGE_MESSAGE = `Ce fichier dépasse la taille maximale de ${MAX_FILE_MB} Mo.`;

export class UploadTooLargeError extends Error {
  constructor() {
    super(TOO_LARGE_MESSAGE);
  }
}

/** The per-member quota in bytes: FILE_QUOTA_MB (default 200 Mo). */
export function memberQuotaBytes(env: Record<string, string | undefined> = process.env): number {
  const mb = Number(env.FILE_QUOTA_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : 200) * 1024 * 1024;
}

export function mayUpload(viewer: Viewer | null): boolean {
  return can(viewer, "file.upload");
}

/** Receives a stream into a temporary directory; throws UploadTooLargeError past the limit. */
export async function receiveToTemp(source: AsyncIterable<Uint8Array>, limit = MAX_FILE_BYTES): Promise<{ dir: string; path: string; size: number }> {
  const dir = await mkdtemp(join(tmpdir(), "openent-upload-"));
  const path = join(dir, "upload");
  let size = 0;
  try {
    await pipeline(
      Readable.from(
        (async function* counted() {
          for await (const chunk of source) {
            size += chunk.byteLength;
            if (size > limit) throw new UploadTooLargeError();
            yield chunk;
          }
        })(),
      ),
      createWriteStream(path),
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, path, size };
}

/** Stores a received upload for `uploader`; the temporary directory is removed whatever happens. */
export async function storeUpload(
  db: Kysely<Database>,
  uploader: Viewer,
  received: { dir: string; path: string; size: number },
  clientName: string | null | undefined,
): Promise<UploadResult> {
  try {
    if (!mayUpload(uploader)) return { ok: false, status: 403, message: "Votre rôle ne permet pas de joindre des fichiers." };
    if (received.size === 0) return { ok: false, status: 400, message: "Ce fichier est vide." };
    let name = normalizeFileName(clientName);
    const detected = await detectFileType(received.path, name);
    if (!detected.ok) return { ok: false, status: 400, message: detected.message };
    const { type } = detected;
    if (!type.extensions.some((ext) => name.toLowerCase().endsWith(`.${ext}`))) name = withExtension(name, type.extensions[0]!);

    const image = type.kind === "image" ? await reencodeImage(received.path, type.mime) : null;
    if (image && !image.ok) return { ok: false, status: 400, message: image.message };
    const text = type.kind === "document" ? await extractText(received.path, type) : null;

    const storedSize = image?.ok ? image.original.data.length + image.display.data.length : received.size;
    const used = await db
      .selectFrom("file")
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(eb(eb.ref("size"), "+", eb.fn.coalesce("display_size", eb.lit(0)))), eb.lit(0)).as("used"))
      .where("uploader_id", "=", uploader.id)
      .executeTakeFirstOrThrow();
    const quota = memberQuotaBytes();
    if (Number(used.used) + storedSize > quota) {
      return {
        ok: false,
        status: 413,
        message: `Votre quota de fichiers (${Math.round(quota / (1024 * 1024))} Mo) serait dépassé : retirez d'anciens fichiers non publiés ou demandez à un administrateur.`,
      };
    }

    const id = randomUUID();
    const file = await db.transaction().execute(async (trx) => {
      const store = new PgFileStore(trx);
      const original = image?.ok ? await store.put(once(image.original.data)) : await store.put(createReadStream(received.path, { highWaterMark: 64 * 1024 }));
      const display = image?.ok ? await store.put(once(image.display.data)) : null;
      return trx
        .insertInto("file")
        .values({
          id,
          uploader_id: uploader.id,
          name,
          mime: type.mime,
          kind: type.kind,
          size: original.size,
          sha256: original.sha256,
          width: image?.ok ? image.original.width : null,
          height: image?.ok ? image.original.height : null,
          display_sha256: display?.sha256 ?? null,
          display_size: display?.size ?? null,
          display_width: image?.ok ? image.display.width : null,
          display_height: image?.ok ? image.display.height : null,
          extracted_text: text,
        })
        .returning(["id", "name", "mime", "kind", "size"])
        .executeTakeFirstOrThrow();
    });
    return { ok: true, file };
  } finally {
    await rm(received.dir, { recursive: true, force: true });
  }
}

async function* once(data: Buffer): AsyncIterable<Uint8Array> {
  yield data;
}

/** Receives then stores; a stream past the limit answers 413 with the limit. */
export async function uploadStream(
  db: Kysely<Database>,
  uploader: Viewer,
  source: AsyncIterable<Uint8Array>,
  clientName: string | null | undefined,
): Promise<UploadResult> {
  if (!mayUpload(uploader)) {
    for await (const chunk of source) void chunk;
    return { ok: false, status: 403, message: "Votre rôle ne permet pas de joindre des fichiers." };
  }
  let received;
  try {
    received = await receiveToTemp(source);
  } catch (error) {
    if (error instanceof UploadTooLargeError) return { ok: false, status: 413, message: TOO_LARGE_MESSAGE };
    throw error;
  }
  return storeUpload(db, uploader, received, clientName);
}
