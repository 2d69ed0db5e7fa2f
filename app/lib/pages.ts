/** `?page=` of a paged list: absent → 1; digits from 1 to `max` → that page; anything else → null. */
export function parsePageParam(param: string | null, max = 1000): number | null {
  if (param === null) return 1;
  if (!/^\d{1,6}$/.test(param)) return null;
  const page = Number(param);
  return page >= 1 && page <= max ? page : null;
}
