/** An opaque keyset cursor for lists sorted by (last activity, id), newest first. */
export interface ActivityCursor {
  at: string;
  id: number;
}

export function encodeCursor(cursor: ActivityCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`).toString("base64url");
}

/** What `encodeCursor` writes: an ISO 8601 UTC instant (`Date#toISOString`). */
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Reads a cursor back; anything the app did not write (a tampered `?apres=`, `foo 2024`, a 30th of
 * February, an id beyond PostgreSQL's integer) is no cursor at all: the list starts from the top.
 */
export function decodeCursor(value: string | null): ActivityCursor | null {
  if (!value || value.length > 100) return null;
  const [at, id, ...rest] = Buffer.from(value, "base64url").toString().split("|");
  if (!at || !id || rest.length > 0 || !/^[1-9]\d{0,9}$/.test(id) || Number(id) > 2_147_483_647) return null;
  // The instant must exist: Date would roll 2024-02-30 over to 1 March, PostgreSQL refuses it.
  if (!isoInstant.test(at) || Number.isNaN(Date.parse(at)) || new Date(at).toISOString() !== at) return null;
  return { at, id: Number(id) };
}
