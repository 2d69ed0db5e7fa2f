import { demo, signIn } from "./support/accounts";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

/**
 * Search on the embedded demo (db/demo-forum.ts): from the header's combobox to the results page,
 * a filter, and the matching post. Other specs may add threads first: counts are read, not fixed.
 */

test("search from the header, refine with a filter, open the result at the matching post", async ({ page }) => {
  await signIn(page, demo.delegate);
  const box = page.getByRole("combobox", { name: "Rechercher dans les échanges" });

  // Search-as-you-type: the combobox pattern.
  await box.fill("statu");
  const listbox = page.getByRole("listbox", { name: "Fils suggérés" });
  await expect(listbox.getByRole("option", { name: /calendrier de rédaction des statuts/ })).toBeVisible();
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await expect(box).toHaveAttribute("aria-controls", "recherche-entete-suggestions");
  await box.press("ArrowDown");
  const first = listbox.getByRole("option").first();
  await expect(first).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await first.getAttribute("id"))!);
  await expectNoAxeViolations(page);
  await box.press("Escape");
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await expect(listbox).toBeHidden();
  // Enter on a highlighted suggestion opens that thread (other specs may have added threads that
  // rank first: the one highlighted is read, not assumed).
  await box.press("ArrowDown");
  const highlighted = listbox.locator('[role="option"][aria-selected="true"]');
  await expect(highlighted).toHaveCount(1);
  // The option reads "<kind> <title>".
  const kind = await highlighted.locator(".header-search__kind").innerText();
  const chosen = (await highlighted.innerText()).slice(kind.length).trim();
  await box.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(chosen);

  // Enter without a highlighted suggestion runs the full search.
  await box.fill("collège");
  await expect(listbox.getByRole("option").first()).toBeVisible();
  await box.press("Enter");
  await expect(page).toHaveURL(/\/recherche\?q=coll%C3%A8ge$/);
  await expect(page.getByRole("heading", { level: 1, name: "Recherche" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /^\d+ résultats?$/ })).toBeVisible();
  const results = page.locator(".search-hit");
  await expect(results.filter({ hasText: "phase pilote dans un petit nombre de collèges" })).toHaveCount(1);
  await expect(results.filter({ hasText: "adhésion à l'association" }).locator("mark")).toHaveText(["collège"]);
  await expectNoAxeViolations(page);

  // A filter control rewrites the query box, and the search is refined.
  const query = page.locator("#recherche-q");
  await expect(query).toHaveValue("collège");
  await page.getByLabel("Type de fil").selectOption("gouvernance");
  await expect(query).toHaveValue("collège type:gouvernance");
  await page.getByRole("button", { name: "Appliquer" }).click();
  await expect(page).toHaveURL(/q=coll%C3%A8ge\+type%3Agouvernance/);
  await expect(page.getByRole("heading", { level: 2, name: "1 résultat" })).toBeVisible();
  await expect(page.getByText("Filtres appliqués :")).toBeVisible();
  await expect(page.getByLabel("Type de fil")).toHaveValue("gouvernance");
  await expectNoAxeViolations(page);

  // The result opens its thread at the matching post.
  const hit = page.locator(".search-hit").first();
  await expect(hit.locator(".search-hit__excerpt mark")).toHaveText("collège");
  await hit.getByRole("heading", { level: 3 }).getByRole("link").click();
  await expect(page).toHaveURL(/\/fils\/\d+-gouvernance-proposition-d-article[^#]*#message-\d+$/);
  const anchor = new URL(page.url()).hash.slice(1);
  const post = page.locator(`#${anchor}`);
  await expect(post).toBeVisible();
  await expect(post).toContainText("un collège consultatif des intégrateurs");
  await expect(post).toBeInViewport();
});

test("a misspelt word gets « Vouliez-vous dire », and filters can be dropped", async ({ page }) => {
  await signIn(page, demo.delegate);
  await page.goto("/recherche?q=colege");
  await expect(page.getByRole("heading", { level: 2, name: "Aucun résultat" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "« collèges »" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /^\d+ résultats?$/ })).toBeVisible();

  await page.goto("/recherche?q=pilote%20type%3Aquestion");
  await expect(page.getByRole("heading", { level: 2, name: "Aucun résultat" })).toBeVisible();
  await page.getByRole("link", { name: /Sans le filtre type Question/ }).click();
  await expect(page).toHaveURL(/\/recherche\?q=pilote$/);
  await expect(page.getByRole("heading", { level: 2, name: /^\d+ résultats?$/ })).toBeVisible();
});

test("bad input gets French hints, never an error page", async ({ page }) => {
  for (const [q, hint] of [
    ["le la de", "Mots trop courants"],
    ['"socle technique', "Guillemet non fermé"],
    ["socle couleur:rouge", "filtre inconnu"],
    ["' \\ :* & | ! ( ) socle", "Caractères ignorés"],
    ["socle avant:2024-13-45", "date invalide"],
    ["x".repeat(2000), "raccourcie"],
  ]) {
    const response = await page.goto(`/recherche?q=${encodeURIComponent(q!)}`);
    expect(response?.status(), q).toBe(200);
    await expect(page.getByRole("status").filter({ hasText: hint! })).toBeVisible();
  }
  await expectNoAxeViolations(page);
});

test("visitors search the public threads only", async ({ page }) => {
  await page.goto("/recherche?q=gouvernance");
  await expect(page.getByText("Vous cherchez dans les fils ouverts au public.")).toBeVisible();
  const results = page.locator(".search-hit");
  await expect(results.filter({ hasText: "stabiliser le socle technique commun" })).toHaveCount(1);
  await expect(results.filter({ hasText: "calendrier de rédaction des statuts" })).toHaveCount(0);
  const box = page.getByRole("combobox", { name: "Rechercher dans les échanges" });
  await box.fill("calendrier");
  await expect(page.getByRole("status").filter({ hasText: "suggéré" })).toHaveCount(0);
  await expect(page.getByRole("listbox", { name: "Fils suggérés" })).toBeHidden();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the header box is a plain GET form, and the page merges the filter controls", async ({ page }) => {
    await page.goto("/");
    const box = page.getByRole("searchbox", { name: "Rechercher dans les échanges" });
    await box.fill("socle");
    await box.press("Enter");
    await expect(page).toHaveURL(/\/recherche\?q=socle$/);
    await expect(page.getByRole("heading", { level: 2, name: "1 résultat" })).toBeVisible();
    // The box and a control disagree: the control the reader changed wins.
    await page.getByLabel("Type de fil").selectOption("question");
    await page.getByRole("button", { name: "Appliquer" }).click();
    await expect(page.locator("#recherche-q")).toHaveValue("socle type:question");
    await expect(page.getByRole("heading", { level: 2, name: "Aucun résultat" })).toBeVisible();
    // …and what the reader typed in the box wins when the control did not change.
    await page.locator("#recherche-q").fill("socle type:discussion");
    await page.getByRole("button", { name: "Rechercher", exact: true }).last().click();
    await expect(page.locator("#recherche-q")).toHaveValue("socle type:discussion");
    await expect(page.getByLabel("Type de fil")).toHaveValue("discussion");
    await expect(page.getByRole("heading", { level: 2, name: "1 résultat" })).toBeVisible();
  });
});
