import sanitize from "sanitize-html";

import { OWN_FILE_SRC } from "../files/limits";

/**
 * Final allowlist gate for every HTML string we store or serve. It runs on the
 * renderer's output even though the renderer already escapes raw HTML: the
 * renderer is large third-party code, this list is small and auditable.
 */

const ALLOWED_SCHEMES: readonly string[] = ["http", "https", "mailto"];

export const ALLOWED_TAGS: readonly string[] = [
  "p", "br", "hr",
  "h1", "h2", "h3", "h4", "h5", "h6",
  "strong", "em", "del", "s", "code", "pre", "blockquote",
  "ul", "ol", "li",
  "table", "thead", "tbody", "tr", "th", "td",
  "a",
  // Only the site's own files (/fichiers/…): a remote image would tell a third party who reads.
  "img",
];

const LINK_REL = "nofollow ugc noopener";

const TABLE_ALIGNMENTS: readonly string[] = ["left", "center", "right"];

// Elements whose content is code, raw text or a separate document: keeping it as
// text would show script source to readers or, for svg/math/noscript, feed
// markup that browsers parse differently from htmlparser2 (mutation XSS).
const DROP_WITH_CONTENT = [
  "script", "style", "textarea", "option", "select", "xmp", "plaintext",
  "noscript", "noembed", "noframes", "iframe", "frameset", "object", "embed",
  "applet", "template", "svg", "math", "title",
];

// Browsers skip control characters, tabs and newlines inside a scheme and some
// tools render format characters (zero-width space, soft hyphen, BOM, bidi marks)
// invisibly, so a scheme is judged only after removing all of them.
const IGNORED_IN_SCHEME = /[\p{Cc}\p{Cf}\p{Cs}\p{Zs}\p{Zl}\p{Zp}\s]/gu;

/**
 * True for http(s)/mailto URLs and relative URLs. Anything that looks like it
 * carries another scheme is refused, including obfuscated ones.
 *
 * Also safe on URLs whose character references are not decoded yet (marked
 * leaves `&#106;avascript:` as written): a `&` before the first `/`, `?` or `#`
 * could hide a `:` and is refused.
 */
export function isAllowedHref(href: string): boolean {
  const compact = href.replace(IGNORED_IN_SCHEME, "").toLowerCase();
  // Protocol-relative URLs leave the site without saying how; browsers also read
  // backslashes as slashes here.
  if (/^[\\/]{2}/.test(compact)) return false;
  const head = compact.split(/[/?#]/, 1)[0] ?? "";
  const colon = head.indexOf(":");
  if (colon === -1) return !head.includes("&");
  return ALLOWED_SCHEMES.includes(head.slice(0, colon));
}

// Rebuilding the attribute set (rather than deleting bad ones) keeps this an
// allowlist even if sanitize-html's own attribute filtering were loosened.
function linkAttributes(attribs: sanitize.Attributes): sanitize.Attributes {
  const kept: sanitize.Attributes = { rel: LINK_REL };
  const { href, title, class: className } = attribs;
  if (href !== undefined && isAllowedHref(href)) kept.href = href;
  if (title !== undefined) kept.title = title;
  if (className !== undefined) kept.class = className;
  return kept;
}

function listAttributes(attribs: sanitize.Attributes): sanitize.Attributes {
  const { start } = attribs;
  return start !== undefined && /^\d{1,9}$/.test(start) ? { start } : {};
}

function cellAttributes(attribs: sanitize.Attributes): sanitize.Attributes {
  const { align } = attribs;
  return align !== undefined && TABLE_ALIGNMENTS.includes(align) ? { align } : {};
}

function imageAttributes(attribs: sanitize.Attributes): sanitize.Attributes {
  const kept: sanitize.Attributes = {};
  const { src, alt, width, height } = attribs;
  if (src !== undefined && OWN_FILE_SRC.test(src)) kept.src = src;
  kept.alt = alt ?? "";
  if (width !== undefined && /^\d{1,5}$/.test(width)) kept.width = width;
  if (height !== undefined && /^\d{1,5}$/.test(height)) kept.height = height;
  return kept;
}

function keepTag(rebuild: (attribs: sanitize.Attributes) => sanitize.Attributes): sanitize.Transformer {
  return (tagName, attribs) => ({ tagName, attribs: rebuild(attribs) });
}

const OPTIONS: sanitize.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: {
    a: ["href", "title", "class", "rel"],
    ol: ["start"],
    th: ["align"],
    td: ["align"],
    img: ["src", "alt", "width", "height"],
  },
  // Only the renderer's mention links carry a class; anything else would let
  // authors borrow the site's styles.
  allowedClasses: { a: ["mention"] },
  allowedSchemes: [...ALLOWED_SCHEMES],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  allowVulnerableTags: false,
  disallowedTagsMode: "discard",
  nonTextTags: DROP_WITH_CONTENT,
  selfClosing: ["br", "hr", "img"],
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
  transformTags: {
    a: keepTag(linkAttributes),
    ol: keepTag(listAttributes),
    th: keepTag(cellAttributes),
    td: keepTag(cellAttributes),
    img: keepTag(imageAttributes),
  },
  // An image whose source is not one of the site's files is dropped whole.
  exclusiveFilter: (frame) => frame.tag === "img" && !(typeof frame.attribs.src === "string" && OWN_FILE_SRC.test(frame.attribs.src)),
};

/** Reduces any HTML to the forum's allowlist; the result is safe to inject as-is. */
export function sanitizeHtml(html: string): string {
  return sanitize(html, OPTIONS);
}
