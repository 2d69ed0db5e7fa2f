/**
 * Atom 1.0 (RFC 4287) documents, as plain strings. Pure and client-safe: the caller gives absolute
 * URLs (built on the configured public origin, never a request's Host) and already-sanitized HTML.
 */

export interface AtomLink {
  href: string;
  rel: "self" | "alternate";
  type?: string;
}

export interface AtomEntry {
  /** A permanent, absolute IRI (the post's permalink). */
  id: string;
  title: string;
  /** The page the entry is read on (absolute). */
  link: string;
  published: Date;
  updated: Date;
  authorName: string;
  /** Sanitized HTML (the stored rendering of a post), sent escaped as `type="html"`. */
  html: string | null;
  categories?: readonly string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  /** The feed's own URL, and the page it mirrors. */
  self: string;
  alternate: string;
  /** Base for relative links inside entries' HTML (the public origin with a trailing slash). */
  base: string;
  updated: Date;
  entries: readonly AtomEntry[];
}

// Characters XML 1.0 does not allow at all (C0 controls but tab, LF, CR; U+FFFE, U+FFFF; lone surrogates).
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** RFC 3339 in UTC, e.g. `2026-11-29T09:15:00.000Z`. */
export function rfc3339(date: Date): string {
  return new Date(date).toISOString();
}

function element(name: string, text: string, attributes = ""): string {
  return `<${name}${attributes}>${escapeXml(text)}</${name}>`;
}

function link({ href, rel, type }: AtomLink): string {
  return `<link rel="${rel}" href="${escapeXml(href)}"${type ? ` type="${escapeXml(type)}"` : ""}/>`;
}

function entry(item: AtomEntry, base: string): string {
  const parts = [
    element("id", item.id),
    element("title", item.title, ' type="text"'),
    link({ rel: "alternate", href: item.link, type: "text/html" }),
    element("published", rfc3339(item.published)),
    element("updated", rfc3339(item.updated)),
    `<author>${element("name", item.authorName)}</author>`,
    ...(item.categories ?? []).map((term) => `<category term="${escapeXml(term)}"/>`),
  ];
  if (item.html) parts.push(element("content", item.html, ` type="html" xml:base="${escapeXml(base)}"`));
  return `<entry>${parts.join("")}</entry>`;
}

export function renderAtom(feed: AtomFeed): string {
  const head = [
    element("id", feed.id),
    element("title", feed.title, ' type="text"'),
    ...(feed.subtitle ? [element("subtitle", feed.subtitle, ' type="text"')] : []),
    link({ rel: "self", href: feed.self, type: "application/atom+xml" }),
    link({ rel: "alternate", href: feed.alternate, type: "text/html" }),
    element("updated", rfc3339(feed.updated)),
    element("generator", "OpenENT Échanges"),
  ];
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">`,
    ...head,
    ...feed.entries.map((item) => entry(item, feed.base)),
    "</feed>",
    "",
  ].join("\n");
}

/** The feed's `updated`: its newest entry, or a fixed date for an empty feed (so its ETag is stable). */
export function feedUpdated(entries: readonly Pick<AtomEntry, "updated">[], fallback: Date): Date {
  let newest: Date | null = null;
  for (const item of entries) if (!newest || item.updated > newest) newest = item.updated;
  return newest ?? fallback;
}
