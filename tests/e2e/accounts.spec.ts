import { capturedMailCount, demo, linkFromLatestMail, signIn, signOut } from "./support/accounts";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

test("an administrator invites a délégué who joins, signs out, signs in and resets the password", async ({ page }) => {
  // A long journey that waits twice for the background mail delivery (every 5 s).
  test.slow();
  const email = `lea.martin.${Date.now()}@seine-maritime.example`;

  await signIn(page, demo.admin);
  await page.goto("/admin/invitations");
  await expectNoAxeViolations(page);
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Rôle").selectOption("delegate");
  await page.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await expect(page.getByText("choisissez-la")).toBeVisible();
  await expect(page.getByLabel("Adresse e-mail")).toHaveValue(email);
  await page.getByLabel("Collectivité").selectOption({ label: "Seine-Maritime" });
  await page.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await expect(page.getByText(`Invitation envoyée à ${email}`)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: email })).toBeVisible();
  // Administrators see that a link was sent, never the link.
  await expect.poll(async () => {
    await page.goto("/admin/courriels");
    await page.getByRole("row").filter({ hasText: email }).first().getByRole("link").click();
    return page.getByTestId("mail-body").textContent();
  }, { timeout: 15_000 }).toContain("[lien d'invitation envoyé");
  await expect(page.getByTestId("mail-body")).not.toContainText("/invitation/");
  await expect(page.getByRole("main")).toContainText("Affiché dans la console (pas de serveur SMTP)");
  await signOut(page);

  const invitationPath = await linkFromLatestMail(email, "/invitation/");
  await page.goto(invitationPath);
  await expect(page.getByRole("heading", { name: "Rejoindre OpenENT Échanges" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Nom d'affichage").fill("Léa Martin");
  await page.getByLabel("Mot de passe", { exact: true }).fill("azerty123456");
  await page.getByLabel("Confirmation du mot de passe").fill("azerty123456");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByText(/trop courant/)).toBeVisible();
  await expect(page.getByLabel("Nom d'affichage")).toHaveValue("Léa Martin");
  await page.getByLabel("Mot de passe", { exact: true }).fill("cinq mots pour un secret");
  await page.getByLabel("Confirmation du mot de passe").fill("cinq mots pour un secret");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.locator("details.account-details summary")).toContainText("Léa Martin");

  await signOut(page);
  await page.goto(invitationPath);
  await expect(page.getByRole("heading", { name: "Cette invitation n'est plus valable" })).toBeVisible();

  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe", { exact: true }).fill("pas le bon mot de passe");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByText("Adresse e-mail ou mot de passe incorrect.")).toBeVisible();
  await expect(page.getByLabel("Adresse e-mail")).toHaveValue(email);
  await expectNoAxeViolations(page);
  await signIn(page, { email, password: "cinq mots pour un secret" });
  await signOut(page);

  await page.goto("/mot-de-passe-oublie");
  await expectNoAxeViolations(page);
  const mailsBefore = capturedMailCount();
  await page.getByLabel("Adresse e-mail").fill(email.toUpperCase());
  await page.getByRole("button").filter({ hasText: /envoyer|réinitialiser|recevoir/i }).click();
  await expect(page.getByText(/Si un compte correspond/)).toBeVisible();
  const resetPath = await linkFromLatestMail(email, "/mot-de-passe-oublie/", mailsBefore);
  await page.goto(resetPath);
  await expectNoAxeViolations(page);
  await page.getByLabel("Nouveau mot de passe", { exact: true }).fill("un tout nouveau secret ici");
  await page.getByLabel("Confirmation du nouveau mot de passe").fill("un tout nouveau secret ici");
  await page.getByRole("button").filter({ hasText: /enregistrer|changer|valider|mot de passe/i }).click();
  await expect(page.locator("details.account-details summary")).toContainText("Léa Martin");
  await signOut(page);
  await signIn(page, { email, password: "un tout nouveau secret ici" });
});

test("the same answer comes back for an unknown address on the reset page", async ({ page }) => {
  await page.goto("/mot-de-passe-oublie");
  await page.getByLabel("Adresse e-mail").fill("personne@nulle-part.example");
  await page.getByRole("button").filter({ hasText: /envoyer|réinitialiser|recevoir/i }).click();
  await expect(page.getByText(/Si un compte correspond/)).toBeVisible();
});

test("members-only pages send visitors to sign in and back", async ({ page }) => {
  await page.goto("/compte");
  await expect(page).toHaveURL(/\/connexion\?retour=%2Fcompte$/);
  await page.getByLabel("Adresse e-mail").fill(demo.observer.email);
  await page.getByLabel("Mot de passe", { exact: true }).fill(demo.observer.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/compte$/);
  await expectNoAxeViolations(page);
});

test("a form posted from another origin is refused with 403", async ({ request, baseURL }) => {
  const forged = await request.post("/connexion", {
    headers: { Origin: "https://evil.example" },
    form: { email: demo.admin.email, password: demo.admin.password },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(403);
  const missing = await request.post("/connexion", { form: { email: "x", password: "y" }, maxRedirects: 0 });
  expect(missing.status()).toBe(403);
  const same = await request.post("/connexion", {
    headers: { Origin: baseURL! },
    form: { email: demo.admin.email, password: "mauvais mot de passe" },
    maxRedirects: 0,
  });
  expect(same.status()).toBe(400);
});

// Pages rendered per request; pages shared by the page cache carry script hashes instead (page-cache.spec.ts).
test("every page carries the security headers and a CSP nonce", async ({ request }) => {
  const response = await request.get("/connexion");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  const nonce = headers["content-security-policy"]!.match(/nonce-([^']+)/)![1]!;
  const html = await response.text();
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  const css = await request.get("/favicon.svg");
  expect(css.headers()["x-content-type-options"]).toBe("nosniff");
});

test("the administration pages are accessible and a suspension is journaled", async ({ page }) => {
  await signIn(page, demo.admin);
  await page.goto("/admin/membres");
  await expectNoAxeViolations(page);
  const row = page.getByRole("row").filter({ hasText: demo.observer.email });
  await row.getByRole("button", { name: /Suspendre/ }).click();
  await expect(page.getByText(/est suspendu et toutes ses sessions ont été fermées/)).toBeVisible();
  await page.goto("/admin/journal");
  await expect(page.getByRole("main")).toContainText(/a suspendu Sam Observateur/);
  await expectNoAxeViolations(page);
  await page.goto("/admin/membres");
  await page.getByRole("row").filter({ hasText: demo.observer.email }).getByRole("button", { name: /Réactiver/ }).click();
  await expect(page.getByRole("row").filter({ hasText: demo.observer.email }).getByRole("button", { name: /Suspendre/ })).toBeVisible();
  await page.goto("/admin/courriels");
  await expectNoAxeViolations(page);
  await page.goto("/membres/3");
  await expect(page.getByText("@alex-delegue-demo")).toBeVisible();
  await expectNoAxeViolations(page);
});
