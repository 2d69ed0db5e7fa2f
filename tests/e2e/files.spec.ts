import type { Browser, Page } from "@playwright/test";

import { image, pdf } from "../integration/support/files";
import { demo, signIn } from "./support/accounts";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

/**
 * Files in posts (docs/files.md): a délégué attaches a PDF and pastes an image into a report; another
 * member finds the report by a word only the PDF holds and opens both files. Without JavaScript,
 * the "Joindre le fichier" button keeps the text typed so far and appends the file's Markdown.
 */

async function member(browser: Browser, account: { email: string; password: string }, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

test("attach a PDF and paste an image into a report; another member finds it by the PDF's text and opens both", async ({ page, browser }) => {
  const word = `quokkas${Date.now().toString(36).replace(/\d/g, "")}`;
  const title = `Bilan du déploiement des tablettes ${Date.now()}`;
  await signIn(page, demo.delegate);
  await page.goto("/fils/nouveau?type=retour");
  await page.getByLabel("Titre").fill(title);
  await page.getByRole("checkbox", { name: "Île-de-France" }).check();
  await page.getByRole("checkbox", { name: "Déploiement" }).check();
  await page.getByLabel("Collectivité dont vous racontez l'expérience").selectOption({ label: "Île-de-France" });
  await page.getByRole("textbox", { name: "Message" }).fill("## Contexte\n\nLe bilan complet est joint.");

  await page.getByLabel("Fichier", { exact: true }).setInputFiles({ name: "bilan.pdf", mimeType: "application/pdf", buffer: pdf(`Les ${word} ont aime les tablettes`) });
  await expect(page.getByText("Fichier joint.")).toHaveCount(1);
  await expect(page.getByRole("textbox", { name: "Message" })).toHaveValue(/\[bilan\.pdf\]\(\/fichiers\/[0-9a-f-]{36}\/bilan\.pdf\)/);

  await page.getByLabel("Description de l'image (obligatoire pour une image)").fill("La page d'accueil de l'ENT");
  const png = [...(await image("png", 320, 200))];
  await page.getByRole("textbox", { name: "Message" }).evaluate((area, bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], "capture.png", { type: "image/png" }));
    area.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, png);
  await expect(page.getByText("Fichier joint.")).toHaveCount(2);
  await expect(page.getByRole("textbox", { name: "Message" })).toHaveValue(/!\[La page d'accueil de l'ENT\]\(\/fichiers\/[0-9a-f-]{36}\/capture\.png\)/);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Publier le fil" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("img", { name: "La page d'accueil de l'ENT" })).toHaveAttribute("width", "320");

  const reader = await member(browser, demo.observer);
  await reader.goto(`/recherche?q=${word}`);
  const hit = reader.locator(".search-hit").filter({ hasText: title });
  await expect(hit.getByText("dans la pièce jointe « bilan.pdf »")).toBeVisible();
  await expectNoAxeViolations(reader);
  await hit.getByRole("link", { name: /^ouvrir le fil/ }).click();
  await expect(reader.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const attachments = reader.getByRole("region", { name: "2 pièces jointes" });
  await expect(attachments).toContainText("bilan.pdf");
  await expect(attachments).toContainText("PDF");
  await expect(reader.getByRole("img", { name: "La page d'accueil de l'ENT" })).toBeVisible();
  expect(await reader.getByRole("img", { name: "La page d'accueil de l'ENT" }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  const pdfHref = await attachments.getByRole("link", { name: "bilan.pdf" }).getAttribute("href");
  const served = await reader.request.get(pdfHref!);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("application/pdf");
  expect(served.headers()["content-disposition"]).toMatch(/^attachment/);
  expect((await served.body()).subarray(0, 5).toString()).toBe("%PDF-");
  const imageHref = await attachments.getByRole("link", { name: "capture.png" }).getAttribute("href");
  expect((await reader.request.get(imageHref!)).headers()["content-type"]).toBe("image/png");
  await expectNoAxeViolations(reader);
  await reader.context().close();
});

test("without JavaScript, « Joindre le fichier » keeps the text and appends the file", async ({ browser }) => {
  const page = await member(browser, demo.delegate, false);
  await page.goto("/fils/nouveau");
  await page.getByLabel("Titre").fill("Un fil avec un fichier, sans JavaScript");
  await page.getByRole("textbox", { name: "Message" }).fill("Voici les coûts de l'année.");
  await page.getByLabel("Fichier", { exact: true }).setInputFiles({ name: "couts.csv", mimeType: "text/csv", buffer: Buffer.from("poste;montant\ntablettes;1200\n") });
  await page.getByRole("button", { name: "Joindre le fichier" }).click();
  await expect(page.getByRole("textbox", { name: "Message" })).toHaveValue(/^Voici les coûts de l'année\.\n\n\[couts\.csv\]\(\/fichiers\/[0-9a-f-]{36}\/couts\.csv\)$/);
  await expect(page.getByLabel("Titre")).toHaveValue("Un fil avec un fichier, sans JavaScript");

  await page.getByLabel("Fichier", { exact: true }).setInputFiles({ name: "page.png", mimeType: "image/png", buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>") });
  await page.getByRole("button", { name: "Joindre le fichier" }).click();
  await expect(page.getByText(/Les fichiers HTML, SVG ou XML ne sont pas acceptés/)).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Message" })).toHaveValue(/^Voici les coûts de l'année\./);
  await page.context().close();
});
