import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";

/**
 * `page` fails the test on any browser console error (a CSP violation, a hydration error, a
 * failed script) so pages are checked for those on every visit, not only where a test looks.
 */
export const test = base.extend<{ closeOwnContexts: void }>({
  // Contexts a test opens itself (a second member, JavaScript off) close with it: left open, their
  // pages would keep their live event streams, and a member may hold only a few at once.
  closeOwnContexts: [
    async ({ browser, context }, use) => {
      // The test's own `context` (and `page`) close by Playwright's fixtures.
      const before = new Set([...browser.contexts(), context]);
      await use();
      await Promise.all(browser.contexts().filter((context) => !before.has(context)).map((context) => context.close()));
    },
    { auto: true },
  ],
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && !/status of (400|403|404|409|410|429)/.test(message.text())) errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await use(page);
    expect(errors, "browser console errors").toEqual([]);
  },
});

export { expect };

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}
