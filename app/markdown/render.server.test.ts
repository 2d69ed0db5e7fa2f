import { existsSync, readFileSync } from "node:fs";

import { Parser } from "htmlparser2";
import { describe, expect, it, vi } from "vitest";

import { renderMarkdown } from "./render.server";
import { isAllowedHref, sanitizeHtml } from "./sanitize.server";
import { XSS_CORPUS } from "./xss-corpus";

const LINK_REL = "nofollow ugc noopener";

// ---------------------------------------------------------------------------
// Inertness checker. Deliberately written without importing the sanitizer's
// lists: if someone loosens the sanitizer config, these checks must fail.
// ---------------------------------------------------------------------------

const NO_ATTRIBUTES: ReadonlySet<string> = new Set();

const EXPECTED_ATTRIBUTES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ...["p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre",
    "blockquote", "ul", "li", "table", "thead", "tbody", "tr"].map((tag) => [tag, NO_ATTRIBUTES] as const),
  ["a", new Set(["href", "title", "class", "rel"])],
  ["ol", new Set(["start"])],
  ["th", new Set(["align"])],
  ["td", new Set(["align"])],
]);

const FORBIDDEN_ATTRIBUTES: ReadonlySet<string> = new Set(["style", "srcdoc", "formaction", "xlink:href"]);
const SAFE_URL_PREFIXES = ["http:", "https:", "mailto:", "/", "#", "?", "./"];
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}\s]/gu;

function urlLooksSafe(value: string): boolean {
  const compact = value.replace(INVISIBLE, "").toLowerCase();
  return SAFE_URL_PREFIXES.some((prefix) => compact.startsWith(prefix)) || !/^[a-z][a-z0-9+.-]*:/.test(compact);
}

function attributeProblems(tag: string, name: string, value: string): string[] {
  const problems: string[] = [];
  if (name.startsWith("on")) problems.push(`event handler ${name} on <${tag}>`);
  if (FORBIDDEN_ATTRIBUTES.has(name)) problems.push(`forbidden attribute ${name} on <${tag}>`);
  if (EXPECTED_ATTRIBUTES.get(tag)?.has(name) !== true) problems.push(`unexpected attribute ${name} on <${tag}>`);
  if ((name === "href" || name === "src") && !urlLooksSafe(value)) problems.push(`unsafe URL ${JSON.stringify(value)}`);
  if (name === "class" && value !== "mention") problems.push(`unexpected class ${JSON.stringify(value)}`);
  return problems;
}

/** Every reason the HTML could run code or escape the allowlist; empty when inert. */
function inertnessProblems(html: string): string[] {
  const problems: string[] = [];
  let currentTag = "";
  const parser = new Parser(
    {
      onopentagname(name) {
        currentTag = name;
        if (!EXPECTED_ATTRIBUTES.has(name)) problems.push(`tag <${name}>`);
      },
      onattribute(name, value) {
        problems.push(...attributeProblems(currentTag, name, value));
      },
      onopentag(name, attribs) {
        if (name === "a" && attribs.rel !== LINK_REL) problems.push(`link without rel="${LINK_REL}"`);
      },
      oncomment() {
        problems.push("comment");
      },
      oncdatastart() {
        problems.push("CDATA section");
      },
      onprocessinginstruction(name) {
        problems.push(`declaration ${name}`);
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  // Browsers and htmlparser2 disagree on edge cases; every "<" the sanitizer
  // lets through must therefore open an allowlisted tag, whoever parses it.
  for (const match of html.matchAll(/<\/?([^\s/>]*)/g)) {
    const name = (match[1] ?? "").toLowerCase();
    if (!EXPECTED_ATTRIBUTES.has(name)) problems.push(`raw "<${name}" in the markup`);
  }
  return problems;
}

interface ParsedElement {
  name: string;
  attribs: Record<string, string>;
}

function parseHtml(html: string): { elements: ParsedElement[]; text: string } {
  const elements: ParsedElement[] = [];
  let text = "";
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        elements.push({ name, attribs });
      },
      ontext(data) {
        text += data;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return { elements, text };
}

function elementsNamed(html: string, name: string): ParsedElement[] {
  return parseHtml(html).elements.filter((element) => element.name === name);
}

function textOf(html: string): string {
  return parseHtml(html).text;
}

const resolveEveryone = (name: string): { href: string } => ({ href: `/membres/${encodeURIComponent(name)}` });

function label(input: string): string {
  const shown = JSON.stringify(input);
  return shown.length > 70 ? `${shown.slice(0, 67)}…` : shown;
}

/** Runs one hostile input through both gates and returns what is wrong, if anything. */
function corpusFindings(input: string): Record<string, string[]> {
  const rendered = renderMarkdown(input, { resolveMention: resolveEveryone });
  const sanitized = sanitizeHtml(input);
  return {
    markdown: inertnessProblems(rendered),
    rawHtml: inertnessProblems(sanitized),
    // Output that changes when sanitized again was serialised ambiguously.
    stability: sanitizeHtml(rendered) === rendered && sanitizeHtml(sanitized) === sanitized ? [] : ["not stable"],
  };
}

const NO_FINDINGS = { markdown: [], rawHtml: [], stability: [] };

// ---------------------------------------------------------------------------

describe("the inertness checker", () => {
  it.each([
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)" rel="nofollow ugc noopener">x</a>',
    '<a href="&#106;avascript:alert(1)" rel="nofollow ugc noopener">x</a>',
    '<a href="java\u200bscript:alert(1)" rel="nofollow ugc noopener">x</a>',
    '<a href=" JAVASCRIPT:alert(1)" rel="nofollow ugc noopener">x</a>',
    '<a href="/ok">no rel</a>',
    '<a href="/ok" rel="nofollow ugc noopener" target="_blank">target</a>',
    '<a href="/ok" rel="nofollow ugc noopener" class="btn">class</a>',
    '<p style="color:red">x</p>',
    "<p onclick=alert(1)>x</p>",
    "<svg><script>alert(1)</script></svg>",
    "<!-- x --><p>x</p>",
    "<![CDATA[x]]>",
    "<iframe srcdoc=x></iframe>",
  ])("flags unsanitized HTML: %s", (html) => {
    expect(inertnessProblems(html)).not.toEqual([]);
  });

  it("accepts what the sanitizer is meant to produce", () => {
    const html =
      '<h2>Titre</h2><p><a rel="nofollow ugc noopener" href="https://example.org" title="t">x</a> ' +
      '<a rel="nofollow ugc noopener" href="/membres/marie" class="mention">@marie</a></p>' +
      '<ol start="3"><li><del>a</del></li></ol><table><thead><tr><th align="center">a</th></tr></thead>' +
      '<tbody><tr><td align="right">1</td></tr></tbody></table><pre><code>&lt;b&gt;</code></pre><br /><hr />';
    expect(inertnessProblems(html)).toEqual([]);
  });
});

describe("renderMarkdown: Markdown features", () => {
  it("renders headings of every level", () => {
    const html = renderMarkdown("# Un\n\n## Deux\n\n### Trois\n\n#### Quatre\n\n##### Cinq\n\n###### Six");
    expect(html).toContain("<h1>Un</h1>");
    expect(html).toContain("<h2>Deux</h2>");
    expect(html).toContain("<h3>Trois</h3>");
    expect(html).toContain("<h6>Six</h6>");
  });

  it("renders bullet, numbered and nested lists, keeping the start number", () => {
    const html = renderMarkdown("- pommes\n- poires\n  - williams\n\n3. trois\n4. quatre");
    expect(elementsNamed(html, "ul")).toHaveLength(2);
    expect(elementsNamed(html, "li")).toHaveLength(5);
    expect(elementsNamed(html, "ol")).toEqual([{ name: "ol", attribs: { start: "3" } }]);
  });

  it("renders tables with column alignment", () => {
    const html = renderMarkdown("| Commune | Habitants |\n|:--|--:|\n| Montclar | 1 204 |");
    expect(html).toContain('<th align="left">Commune</th>');
    expect(html).toContain('<th align="right">Habitants</th>');
    expect(html).toContain('<td align="right">1 204</td>');
    expect(elementsNamed(html, "table")).toHaveLength(1);
  });

  it("escapes the content of fenced code blocks and drops the language class", () => {
    const html = renderMarkdown('```html\n<b onclick="x()">gras</b> & co\n```');
    expect(html).toBe('<pre><code>&lt;b onclick="x()"&gt;gras&lt;/b&gt; &amp; co\n</code></pre>\n');
    expect(elementsNamed(html, "b")).toEqual([]);
  });

  it("escapes inline code", () => {
    expect(renderMarkdown("Tapez `<br>` ici")).toBe("<p>Tapez <code>&lt;br&gt;</code> ici</p>\n");
  });

  it("turns bare URLs into links carrying the rel and no target", () => {
    const html = renderMarkdown("Voir https://example.org pour les détails.");
    expect(elementsNamed(html, "a")).toEqual([{ name: "a", attribs: { rel: LINK_REL, href: "https://example.org" } }]);
    expect(textOf(html)).toBe("Voir https://example.org pour les détails.\n");
  });

  it("gives every kind of link the rel", () => {
    const html = renderMarkdown("[a](https://example.org) <https://example.com> www.example.net [b](/forum)");
    const links = elementsNamed(html, "a");
    expect(links).toHaveLength(4);
    for (const link of links) expect(link.attribs.rel).toBe(LINK_REL);
    expect(links[2]?.attribs.href).toBe("http://www.example.net");
  });

  it("keeps link titles as plain attributes", () => {
    const html = renderMarkdown('[charte](/charte "Charte d\'utilisation")');
    expect(elementsNamed(html, "a")).toEqual([
      { name: "a", attribs: { rel: LINK_REL, href: "/charte", title: "Charte d'utilisation" } },
    ]);
  });

  it("renders blockquotes", () => {
    expect(renderMarkdown("> Citation\n> sur deux lignes")).toBe(
      "<blockquote>\n<p>Citation<br />sur deux lignes</p>\n</blockquote>\n",
    );
  });

  it("renders strikethrough, bold and italics", () => {
    expect(renderMarkdown("~~ancien~~ **gras** *italique*")).toBe(
      "<p><del>ancien</del> <strong>gras</strong> <em>italique</em></p>\n",
    );
  });

  it("keeps mailto links", () => {
    const html = renderMarkdown("[écrire](mailto:mairie@example.org) ou <dpo@example.org>");
    expect(elementsNamed(html, "a").map((link) => link.attribs.href)).toEqual([
      "mailto:mairie@example.org",
      "mailto:dpo@example.org",
    ]);
  });

  it("keeps relative links", () => {
    const html = renderMarkdown("[a](/forum/12) [b](#reponse-3) [c](?page=2) [d](./annexe) [e](../parent)");
    expect(elementsNamed(html, "a").map((link) => link.attribs.href)).toEqual([
      "/forum/12",
      "#reponse-3",
      "?page=2",
      "./annexe",
      "../parent",
    ]);
  });

  it("treats a single newline as a line break", () => {
    expect(renderMarkdown("ligne 1\nligne 2")).toBe("<p>ligne 1<br />ligne 2</p>\n");
  });

  it("renders task lists as text markers instead of form inputs", () => {
    const html = renderMarkdown("- [x] fait\n- [ ] à faire");
    expect(textOf(html)).toContain("☑ fait");
    expect(textOf(html)).toContain("☐ à faire");
    expect(elementsNamed(html, "input")).toEqual([]);
  });
});

describe("renderMarkdown: what authors cannot do", () => {
  it("shows raw HTML as text and keeps the words around it", () => {
    const html = renderMarkdown("hello <script>x</script> world");
    expect(html).toBe("<p>hello &lt;script&gt;x&lt;/script&gt; world</p>\n");
    expect(textOf(html)).toBe("hello <script>x</script> world\n");
  });

  it("shows a raw HTML block as text", () => {
    const html = renderMarkdown("<div onclick=\"x()\">\nbonjour\n</div>\n\nsuite");
    expect(elementsNamed(html, "div")).toEqual([]);
    expect(textOf(html)).toContain('<div onclick="x()">');
    expect(textOf(html)).toContain("suite");
  });

  it("keeps escaping text that follows an inline <code> or <script> tag", () => {
    // marked stops escaping after these tags because it expects raw HTML to follow.
    const html = renderMarkdown("<code> x <img/src=x onerror=alert(1)> &lt;b&gt;");
    expect(textOf(html)).toBe("<code> x <img/src=x onerror=alert(1)> &lt;b&gt;\n");
  });

  it("renders links with a forbidden scheme as their bare text", () => {
    const html = renderMarkdown("avant [cliquez ici](javascript:alert(1)) après");
    expect(html).toBe("<p>avant cliquez ici après</p>\n");
  });

  it("renders images as their description only", () => {
    const html = renderMarkdown('![Plan de la salle](https://example.org/plan.png) ![x" onerror="alert(1)](x)');
    expect(elementsNamed(html, "img")).toEqual([]);
    expect(textOf(html)).toBe('Plan de la salle x" onerror="alert(1)\n');
  });

  it("replaces NUL characters", () => {
    expect(renderMarkdown("a\u0000b")).toBe("<p>a\ufffdb</p>\n");
  });
});

describe("renderMarkdown: mentions", () => {
  const members = new Map([
    ["marie", "/membres/marie"],
    ["jean.dupont", "/membres/jean.dupont"],
    ["Élodie_Brûlé", "/membres/elodie"],
  ]);
  const resolveMention = (name: string): { href: string } | null => {
    const href = members.get(name);
    return href === undefined ? null : { href };
  };

  it("links a resolved mention", () => {
    const html = renderMarkdown("Merci @marie !", { resolveMention });
    expect(html).toBe(`<p>Merci <a rel="${LINK_REL}" href="/membres/marie" class="mention">@marie</a> !</p>\n`);
  });

  it("accepts accents, digits, dots, underscores and hyphens, but not a trailing full stop", () => {
    const html = renderMarkdown("Vu avec @jean.dupont. Et @Élodie_Brûlé.", { resolveMention });
    expect(elementsNamed(html, "a").map((link) => link.attribs.href)).toEqual(["/membres/jean.dupont", "/membres/elodie"]);
    expect(textOf(html)).toBe("Vu avec @jean.dupont. Et @Élodie_Brûlé.\n");
  });

  it("leaves an unresolved mention as plain text", () => {
    const html = renderMarkdown("Bonjour @inconnu", { resolveMention });
    expect(html).toBe("<p>Bonjour @inconnu</p>\n");
  });

  it("leaves mentions as text when no resolver is given", () => {
    expect(renderMarkdown("Bonjour @marie")).toBe("<p>Bonjour @marie</p>\n");
  });

  it("ignores mentions in code spans and code blocks", () => {
    const resolver = vi.fn(resolveMention);
    const html = renderMarkdown("`@marie`\n\n```\n@marie\n```\n\n    @marie", { resolveMention: resolver });
    expect(elementsNamed(html, "a")).toEqual([]);
    expect(resolver).not.toHaveBeenCalled();
  });

  it("ignores e-mail addresses", () => {
    const resolver = vi.fn(resolveMention);
    const html = renderMarkdown("Écrire à marie@example.org ou à jean.dupont@mairie.fr, voire marie@intranet", {
      resolveMention: resolver,
    });
    expect(elementsNamed(html, "a").map((link) => link.attribs.href)).toEqual([
      "mailto:marie@example.org",
      "mailto:jean.dupont@mairie.fr",
    ]);
    expect(resolver).not.toHaveBeenCalled();
  });

  it("ignores mentions inside link text and lets a backslash opt out", () => {
    const html = renderMarkdown("[@marie](/autre) \\@marie", { resolveMention });
    expect(elementsNamed(html, "a")).toEqual([{ name: "a", attribs: { rel: LINK_REL, href: "/autre" } }]);
    expect(textOf(html)).toBe("@marie @marie\n");
  });

  it("finds mentions in emphasis, lists, quotes and tables", () => {
    const html = renderMarkdown("**@marie**\n\n- @marie\n\n> @marie\n\n| a |\n|---|\n| @marie |", { resolveMention });
    expect(elementsNamed(html, "a").filter((link) => link.attribs.class === "mention")).toHaveLength(4);
  });

  it("drops a link the resolver gets wrong instead of trusting it", () => {
    const html = renderMarkdown("@marie @jean.dupont", {
      resolveMention: (name) => ({ href: name === "marie" ? "javascript:alert(1)" : '/x" onclick="alert(1)' }),
    });
    expect(elementsNamed(html, "a")).toEqual([
      { name: "a", attribs: { rel: LINK_REL, href: '/x" onclick="alert(1)', class: "mention" } },
    ]);
    expect(inertnessProblems(html)).toEqual([]);
    expect(textOf(html)).toBe("@marie @jean.dupont\n");
  });
});

describe("sanitizeHtml", () => {
  it.each([
    ["https://example.org", true],
    ["HTTP://EXAMPLE.ORG", true],
    ["mailto:mairie@example.org", true],
    ["/forum", true],
    ["#ancre", true],
    ["?page=2", true],
    ["./annexe", true],
    ["page.html", true],
    ["javascript:alert(1)", false],
    [" \tJaVaScRiPt:alert(1)", false],
    ["java\u200bscript:alert(1)", false],
    ["java\u00adscript:alert(1)", false],
    ["\ufeffjavascript:alert(1)", false],
    ["\u202ejavascript:alert(1)", false],
    ["vbscript:msgbox(1)", false],
    ["data:text/html,<script>alert(1)</script>", false],
    ["&#106;avascript:alert(1)", false],
    ["javascript&colon;alert(1)", false],
    ["ftp://example.org", false],
    ["//evil.example", false],
    ["\\\\evil.example", false],
    [" \u200b//evil.example", false],
    ["h\u200bttps://example.org", true],
  ])("isAllowedHref(%j) is %s", (href, expected) => {
    expect(isAllowedHref(href)).toBe(expected);
  });

  it("drops a javascript: scheme hidden by a zero-width space, which sanitize-html alone lets through", () => {
    expect(sanitizeHtml('<a href="java\u200bscript:alert(1)">x</a>')).toBe(`<a rel="${LINK_REL}">x</a>`);
    expect(sanitizeHtml('<a href="&#8203;javascript:alert(1)">x</a>')).toBe(`<a rel="${LINK_REL}">x</a>`);
  });

  it("forces the rel, never adds a target and keeps only the mention class", () => {
    const html = sanitizeHtml(
      '<a href="https://example.org" target="_blank" rel="opener" class="mention btn" id="x" onclick="y()">x</a>',
    );
    expect(html).toBe(`<a rel="${LINK_REL}" href="https://example.org" class="mention">x</a>`);
  });

  it("drops protocol-relative links", () => {
    expect(sanitizeHtml('<a href="//evil.example">x</a>')).toBe(`<a rel="${LINK_REL}">x</a>`);
  });

  it("keeps only numeric list starts and known table alignments", () => {
    expect(sanitizeHtml('<ol start="2" type="a"><li>x</li></ol><ol start="x"><li>y</li></ol>')).toBe(
      '<ol start="2"><li>x</li></ol><ol><li>y</li></ol>',
    );
    expect(sanitizeHtml('<table><tr><td align="center">a</td><td align="justify">b</td></tr></table>')).toBe(
      '<table><tr><td align="center">a</td><td>b</td></tr></table>',
    );
  });

  it("drops script-like elements with their content but keeps the text of unknown ones", () => {
    expect(sanitizeHtml("hello <script>x</script> world")).toBe("hello  world");
    expect(sanitizeHtml("a<style>p{}</style>b<textarea>c</textarea>d<svg><text>e</text></svg>f")).toBe("abdf");
    expect(sanitizeHtml("<x-note onclick=y()>texte <b>gras</b></x-note>")).toBe("texte gras");
  });

  it("escapes text that looks like markup", () => {
    expect(sanitizeHtml("<p>&lt;img src=x onerror=alert(1)&gt;</p>")).toBe(
      "<p>&lt;img src=x onerror=alert(1)&gt;</p>",
    );
  });

  it("drops images, styles and comments", () => {
    expect(sanitizeHtml('<p style="color:red">a<img src="x.png" alt="b"><!-- c --></p>')).toBe("<p>a</p>");
  });
});

describe("project XSS corpus", () => {
  it("holds enough vectors to mean something", () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(120);
  });

  XSS_CORPUS.forEach((input, index) => {
    it(`#${index} ${label(input)} stays inert`, () => {
      expect(corpusFindings(input)).toEqual(NO_FINDINGS);
    });
  });

  it.each([
    ["hello <script>x</script> world", ["hello", "world"]],
    ["Bonjour <script>fetch('/api/session')</script> à tous", ["Bonjour", "à tous"]],
    ["avant [cliquez](javascript:alert(1)) après", ["avant", "cliquez", "après"]],
    ["<template><img src=x onerror=alert(1)></template>texte", ["texte"]],
    ["<x onclick=alert(1)>balise inconnue</x>", ["balise inconnue"]],
    ["**<img src=x onerror=alert(1)>** reste", ["reste"]],
  ])("keeps the words around %j", (input, words) => {
    const text = textOf(renderMarkdown(input));
    for (const word of words) expect(text).toContain(word);
  });
});

// ---------------------------------------------------------------------------
// Public corpus: read in place when this machine has it, never copied into the
// repository (its lines carry third-party licences).
// ---------------------------------------------------------------------------

const PUBLIC_CORPUS_PATH = "/work/shared/security/xss-corpus-public.txt";

const CORPUS_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\", n: "\n", r: "\r", t: "\t" };

function decodeCorpusLine(line: string): string {
  return line.replace(/\\(?:u\{([0-9a-fA-F]{1,6})\}|([\\nrt]))/g, (whole, hex: string | undefined, simple: string | undefined) => {
    if (hex !== undefined) return String.fromCodePoint(Number.parseInt(hex, 16));
    return simple === undefined ? whole : (CORPUS_ESCAPES[simple] ?? whole);
  });
}

function readPublicCorpus(): { line: number; input: string }[] {
  if (!existsSync(PUBLIC_CORPUS_PATH)) return [];
  return readFileSync(PUBLIC_CORPUS_PATH, "utf8")
    .split("\n")
    .map((raw, index) => ({ line: index + 1, input: decodeCorpusLine(raw.replace(/\r$/, "")) }))
    .filter(({ input }) => input.length > 0);
}

/** Plain words glued to the start or end of a vector ("AAA<script>…", "…)lower") must survive. */
function surroundingWords(input: string): string[] {
  const words: string[] = [];
  const leading = /^([A-Za-z0-9]{3,})[<[]/.exec(input)?.[1];
  const trailing = /[>)]([A-Za-z0-9]{3,})$/.exec(input)?.[1];
  if (leading !== undefined) words.push(leading);
  if (trailing !== undefined) words.push(trailing);
  return words;
}

describe("public XSS corpus", () => {
  const vectors = readPublicCorpus();

  if (vectors.length === 0) {
    it("is absent on this machine; the project corpus is checked instead", () => {
      expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(120);
      for (const input of XSS_CORPUS) expect(corpusFindings(input)).toEqual(NO_FINDINGS);
    });
  }

  for (const { line, input } of vectors) {
    it(`line ${line} ${label(input)} stays inert`, () => {
      expect(corpusFindings(input)).toEqual(NO_FINDINGS);
      const text = textOf(renderMarkdown(input, { resolveMention: resolveEveryone }));
      for (const word of surroundingWords(input)) expect(text).toContain(word);
    });
  }
});

describe("a realistic post", () => {
  const source = readFileSync(new URL("./fixtures/compte-rendu.md", import.meta.url), "utf8");
  const members = new Set(["marie.dubois", "Jérôme-Lefèvre", "paul_martin"]);
  const html = renderMarkdown(source, {
    resolveMention: (name) => (members.has(name) ? { href: `/membres/${encodeURIComponent(name)}` } : null),
  });
  const { elements, text } = parseHtml(html);
  const count = (name: string): number => elements.filter((element) => element.name === name).length;

  it("is about 5 KB of Markdown", () => {
    expect(source.length).toBeGreaterThan(4500);
  });

  it("is inert", () => {
    expect(inertnessProblems(html)).toEqual([]);
  });

  it("keeps its structure", () => {
    expect(count("h1")).toBe(1);
    expect(count("h2")).toBe(6);
    expect(count("h3")).toBe(1);
    expect(count("ol")).toBe(2);
    expect(count("ul")).toBe(4);
    expect(count("table")).toBe(2);
    expect(count("th")).toBe(6);
    expect(count("blockquote")).toBe(1);
    expect(count("pre")).toBe(1);
    expect(count("del")).toBe(1);
    expect(count("hr")).toBe(1);
    expect(elements.filter((element) => element.name === "th" && element.attribs.align === "right")).toHaveLength(2);
  });

  it("links known members only", () => {
    const mentions = elements.filter((element) => element.attribs.class === "mention");
    expect(mentions.map((mention) => mention.attribs.href)).toEqual([
      "/membres/marie.dubois",
      "/membres/J%C3%A9r%C3%B4me-Lef%C3%A8vre",
      "/membres/marie.dubois",
      "/membres/paul_martin",
    ]);
    expect(text).toContain("(@helene.r)");
  });

  it("keeps every kind of link", () => {
    const hrefs = elements.filter((element) => element.name === "a").map((element) => element.attribs.href);
    expect(hrefs).toEqual(
      expect.arrayContaining([
        "https://syndicat-informatique.example/sauvegarde",
        "/documents/convention-sauvegarde",
        "/documents#rgpd",
        "mailto:dpo@cdc-exemple.example",
        "mailto:secretariat@cdc-exemple.example",
        "./formations?session=avril",
        "/forum/sujets/1042#reponse-17",
      ]),
    );
  });

  it("shows code and raw HTML as text", () => {
    expect(text).toContain("# Les mots de passe ne sont jamais stockés ici : <utiliser le coffre>");
    expect(text).toContain("par exemple <b>du gras</b> ou une balise <script>.");
    expect(count("b")).toBe(0);
    expect(text).toContain("☐ Tester la procédure de réinitialisation par SMS");
  });
});
