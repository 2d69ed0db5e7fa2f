/** An opaque keyset cursor for lists sorted by (last activity, id), newest first. */
export interface ActivityCursor {
  at: string;
  id: number;
}

export function encodeCursor(cursor: ActivityCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`).toString("base64url");
}

export function decodeCursor(value: string | null): ActivityCursor | null {
  if (!value) return null;
  const [at, id] = Buffer.from(value, "base64url").toString().split("|");
  if (!at || !id || !/^\d{1,9}$/.test(id) || Number.isNaN(Date.parse(at))) return null;
  return { at, id: Number(id) };
}
