import { describe, expect, it } from "vitest";

import { escapeHtml, safeHighlight } from "./highlight";

describe("safeHighlight", () => {
  it("keeps <mark> pairs and escaped text", () => {
    expect(safeHighlight("Les <mark>collèges</mark> &amp; &lt;script&gt;")).toBe("Les <mark>collèges</mark> &amp; &lt;script&gt;");
  });

  it("escapes any other markup", () => {
    expect(safeHighlight('<script>alert(1)</script> <mark>x</mark> <img src=x onerror="y">')).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; <mark>x</mark> &lt;img src=x onerror=&quot;y&quot;&gt;',
    );
    expect(safeHighlight("<mark onclick=x>a</mark>")).not.toContain("<mark onclick");
  });

  it("drops unbalanced marks", () => {
    expect(safeHighlight("<mark>a")).toBe("a");
    expect(safeHighlight("a</mark>")).toBe("a");
    expect(safeHighlight("<mark><mark>a</mark></mark>")).toBe("a");
  });

  it("escapeHtml", () => {
    expect(escapeHtml(`<a href="x">&</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
  });
});
