import type { Page } from "@playwright/test";

import { demo, signIn } from "./support/accounts";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

/** True when nothing makes the page scroll sideways. */
async function expectNoHorizontalScroll(page: Page) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(widths.scroll, `page ${page.url()} is ${widths.scroll} px wide in a ${widths.viewport} px window`).toBeLessThanOrEqual(widths.viewport);
}

test("a title without spaces and a long URL wrap instead of widening the pages", async ({ page }) => {
  // A pasted URL as the title: 150 characters, the longest the rule allows, and not one space.
  const stamp = String(Date.now());
  const title = `https://www.exemple-de-collectivite.fr/${"documents-partages-".repeat(6)}${stamp}`.slice(0, 150);
  expect(title).toHaveLength(150);
  const url = `https://www.exemple.fr/${"chemin-tres-long/".repeat(20)}fin`;
  const table = `| ${"colonne-sans-espace-".repeat(8)} | b |\n|---|---|\n| x | y |`;

  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, demo.delegate);
  await page.goto("/fils/nouveau?type=question");
  await expect(page.getByLabel("Titre")).toHaveAttribute("maxlength", "150");
  await page.getByLabel("Titre").fill(title);
  await page.getByRole("checkbox", { name: "Île-de-France" }).check();
  await page.getByRole("checkbox", { name: "Déploiement" }).check();
  await page.getByLabel("Message").fill(`Voir ${url}\n\n\`${"code-sans-espace-".repeat(10)}\`\n\n${table}`);
  await page.getByRole("button", { name: "Publier le fil" }).click();
  const heading = page.getByRole("heading", { level: 1, name: title });
  await expect(heading).toBeVisible();
  await expect(heading).toHaveAttribute("dir", "auto");
  await expect(page.locator(".post-body").first()).toHaveAttribute("dir", "auto");
  const threadUrl = page.url();

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(threadUrl);
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page);
    await page.goto("/");
    await expect(page.getByRole("link", { name: title })).toHaveAttribute("dir", "auto");
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page);
  }
});

test("GET /apercu is a French page, not an error", async ({ page }) => {
  await signIn(page, demo.delegate);
  const response = await page.goto("/apercu");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/introuvable/i);
  await expect(page.getByRole("navigation").first()).toBeVisible();
});
