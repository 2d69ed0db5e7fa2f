/** "Généralisation de l'ENT : bilan" → "generalisation-de-l-ent-bilan" (at most 80 characters). */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
  return slug || "fil";
}

export function threadPath(thread: { id: number; slug: string }): string {
  return `/fils/${thread.id}-${thread.slug}`;
}

/** Reads "123-some-slug" or "123": the id decides, the slug is only decoration. */
export function parseThreadRef(ref: string | undefined): { id: number; slug: string | null } | null {
  const match = /^(\d{1,9})(?:-(.*))?$/.exec(ref ?? "");
  if (!match) return null;
  return { id: Number(match[1]), slug: match[2] ?? null };
}
