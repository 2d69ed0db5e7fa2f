/**
 * A database id from a URL or a form: a positive integer that fits PostgreSQL's `integer`, or
 * null (so `99999999999999999999`, `1e9`, `-1`, `1.5` or a NUL byte give a 404, never a 500).
 */
export function parseId(value: string | null | undefined): number | null {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= 2_147_483_647 ? id : null;
}

/** A URL slug as the app writes them; anything else (NUL bytes, 10 000 characters…) matches nothing. */
export function isSlug(value: string | null | undefined): value is string {
  return typeof value === "string" && value.length <= 200 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value);
}
