import type { Page } from "@playwright/test";

import { expect, expectNoAxeViolations, test } from "./support/fixtures";

function sortLink(page: Page, column: string) {
  return page.locator("table.data thead").getByRole("link", { name: column });
}

function rowNames(page: Page) {
  return page.locator("table.data tbody th[scope=row]").allTextContents();
}

test("the home page introduces the space and links to the directory", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Fils d'échange" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expectNoAxeViolations(page);
  await page.getByRole("main").getByRole("link", { name: "tableau des ENT" }).click();
  await expect(page).toHaveURL(/\/collectivites$/);
});

test("the directory sorts, filters and opens a collectivité", async ({ page }) => {
  await page.goto("/collectivites");
  await expect(page.getByRole("heading", { level: 1, name: "Tableau des ENT" })).toBeVisible();
  const initial = await rowNames(page);
  expect(initial).toContain("Île-de-France");
  expect(initial).toEqual([...initial].sort((a, b) => a.localeCompare(b, "fr")));
  await expectNoAxeViolations(page);

  await sortLink(page, "Collectivité").click();
  await expect(page).toHaveURL(/ordre=desc/);
  await expect(page.getByRole("columnheader", { name: /Collectivité/ })).toHaveAttribute("aria-sort", "descending");
  await expect.poll(() => rowNames(page)).toEqual([...initial].reverse());

  await sortLink(page, "Lancement").click();
  await expect(page).toHaveURL(/tri=lancement/);
  await expect.poll(async () => (await rowNames(page))[0]).toBe("Île-de-France");

  await page.getByLabel("Phase").selectOption("pilote");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/phase=pilote/);
  await expect.poll(async () => (await rowNames(page)).sort()).toEqual(["Haute-Normandie", "Seine-et-Marne", "Seine-Maritime"].sort());
  await page.getByLabel("Type de collectivité").selectOption("departement");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/type=departement/);
  await expect.poll(async () => (await rowNames(page)).sort()).toEqual(["Seine-et-Marne", "Seine-Maritime"].sort());
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Seine-Maritime" }).click();
  await expect(page).toHaveURL(/\/collectivites\/seine-maritime$/);
  await expect(page.getByRole("heading", { level: 1, name: "Seine-Maritime" })).toBeVisible();
  await expect(page.getByText("Pilote", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the directory still sorts and filters through links and a GET form", async ({ page }) => {
    await page.goto("/collectivites");
    await sortLink(page, "Établissements").click();
    await expect(page).toHaveURL(/tri=etablissements/);
    await page.getByLabel("Type de collectivité").selectOption("region");
    await page.getByRole("button", { name: "Filtrer" }).click();
    await expect(page).toHaveURL(/type=region/);
    expect((await rowNames(page)).sort()).toEqual(["Haute-Normandie", "Île-de-France"].sort());
  });
});

test("the thématiques page lists the seeded subjects", async ({ page }) => {
  await page.goto("/thematiques");
  await expect(page.getByRole("link", { name: "Socle technique" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("unknown addresses give the French 404 page", async ({ page }) => {
  for (const path of ["/collectivites/atlantide", "/nulle-part", "/thematiques/inconnue"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page introuvable" })).toBeVisible();
    await expect(page).toHaveTitle(/Page introuvable/);
  }
  await expectNoAxeViolations(page);
});

test("the health check answers JSON", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
});
