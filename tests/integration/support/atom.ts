import { DOMParser, onWarningStopParsing, type Element } from "@xmldom/xmldom";

/**
 * Atom documents read with a real XML parser (xmldom, stopping on any error or warning), so that
 * a malformed document fails the test instead of being read leniently.
 */

export const ATOM_NS = "http://www.w3.org/2005/Atom";
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

export interface ParsedEntry {
  id: string;
  title: string;
  links: { rel: string; href: string; type: string }[];
  published: string;
  updated: string;
  author: string;
  content: string | null;
  contentType: string | null;
  contentBase: string | null;
}

export interface ParsedFeed {
  id: string;
  title: string;
  updated: string;
  links: { rel: string; href: string; type: string }[];
  entries: ParsedEntry[];
}

function children(parent: Element, name: string): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ATOM_NS && (node as Element).localName === name) out.push(node as Element);
  }
  return out;
}

function text(parent: Element, name: string): string {
  const [first] = children(parent, name);
  if (!first) throw new Error(`missing <${name}>`);
  return first.textContent ?? "";
}

function links(parent: Element) {
  return children(parent, "link").map((l) => ({ rel: l.getAttribute("rel") ?? "alternate", href: l.getAttribute("href") ?? "", type: l.getAttribute("type") ?? "" }));
}

export function parseAtom(xml: string): ParsedFeed {
  const doc = new DOMParser({ onError: onWarningStopParsing }).parseFromString(xml, "application/xml");
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== ATOM_NS || root.localName !== "feed") throw new Error("not an Atom feed");
  return {
    id: text(root, "id"),
    title: text(root, "title"),
    updated: text(root, "updated"),
    links: links(root),
    entries: children(root, "entry").map((entry) => {
      const [content] = children(entry, "content");
      const [author] = children(entry, "author");
      return {
        id: text(entry, "id"),
        title: text(entry, "title"),
        links: links(entry),
        published: text(entry, "published"),
        updated: text(entry, "updated"),
        author: author ? text(author, "name") : "",
        content: content ? (content.textContent ?? "") : null,
        contentType: content?.getAttribute("type") ?? null,
        contentBase: content?.getAttributeNS("http://www.w3.org/XML/1998/namespace", "base") ?? null,
      };
    }),
  };
}

export function isRfc3339(value: string): boolean {
  return RFC3339.test(value) && !Number.isNaN(Date.parse(value));
}
