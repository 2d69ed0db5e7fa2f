import type { LoaderFunctionArgs } from "@remix-run/node";

import { getUser } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { findReadableFile } from "~/files/access.server";
import { isFileId } from "~/files/limits";
import { fileNotFound } from "~/files/not-found.server";
import { serveFile } from "~/files/serve.server";
import { PgFileStore } from "~/files/store.server";

/**
 * `/fichiers/<id>/<name>` (`?v=affichage`: an image's display version). The file's permission is
 * that of the posts it belongs to: anything the reader may not see is a 404, never a 403.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.id;
  if (!isFileId(id)) throw fileNotFound();
  const db = await getDb();
  const file = await findReadableFile(db, await getUser(request), id);
  if (!file) throw fileNotFound();
  const variant = new URL(request.url).searchParams.get("v") === "affichage" ? "display" : "original";
  return serveFile(request, file, new PgFileStore(db), variant);
}
