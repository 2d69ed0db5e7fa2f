import type { Browser, Page } from "@playwright/test";

import { capturedMailCount, capturedMailsTo, demo, signIn } from "./support/accounts";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

/** Watching, notifications, notification e-mail and mentions (issue 12, items 1–4). */

async function member(browser: Browser, account: { email: string; password: string }, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

test("a délégué watches a thématique, another member posts there: notification, header count and e-mail", async ({ browser }) => {
  test.setTimeout(120_000);
  const delegate = await member(browser, demo.delegate, false);
  // E-mail immediately (works without JavaScript: plain forms).
  await delegate.goto("/compte");
  await delegate.getByRole("radio", { name: "Immédiatement" }).check();
  await delegate.getByRole("button", { name: "Enregistrer les notifications" }).click();
  await expect(delegate.getByText("Vos préférences de notification ont été enregistrées.")).toBeVisible();
  await expect(delegate.getByRole("radio", { name: "Immédiatement" })).toBeChecked();

  await delegate.goto("/thematiques/accessibilite");
  await delegate.getByLabel("Notifications pour cette thématique").selectOption("watching");
  await delegate.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(delegate).toHaveURL(/\/thematiques\/accessibilite\?suivi=watching$/);
  await expect(delegate.getByText("Niveau actuel : Suivre.")).toBeVisible();
  await delegate.goto("/notifications");
  const markAll = delegate.getByRole("button", { name: "Tout marquer comme lu" });
  if ((await markAll.count()) > 0) await markAll.click();
  await expect(delegate.getByRole("link", { name: /Notifications 0/ })).toBeVisible();
  // The same délégué in another browser, with JavaScript, stays on the home page: its header updates live.
  const live = await member(browser, demo.delegate);
  const streamOpened = live.waitForResponse((response) => new URL(response.url()).pathname === "/direct", { timeout: 30_000 });
  await live.goto("/");
  // The member's own event stream (opened once the page is hydrated) answers 200.
  expect((await streamOpened).status()).toBe(200);
  await expect(live.getByRole("link", { name: /Notifications 0/ })).toBeVisible();

  const mailsBefore = capturedMailCount();
  const title = `Sous-titrage des vidéos pédagogiques ${Date.now()}`;
  const moderator = await member(browser, demo.moderator);
  await moderator.goto("/fils/nouveau?type=discussion");
  await moderator.getByLabel("Titre").fill(title);
  await moderator.getByRole("checkbox", { name: "Île-de-France" }).check();
  await moderator.getByRole("checkbox", { name: "Accessibilité" }).check();
  await moderator.getByLabel("Message").fill("Qui a déjà sous-titré ses vidéos ? Merci de partager vos outils.");
  await moderator.getByRole("button", { name: "Publier le fil" }).click();
  await expect(moderator.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await moderator.context().close();
  await expect(live.getByRole("link", { name: /Notifications 1/ })).toBeVisible({ timeout: 15_000 });

  await delegate.reload();
  await expect(delegate.getByRole("link", { name: /Notifications 1/ })).toBeVisible();
  const item = delegate.getByRole("listitem").filter({ hasText: title });
  await expect(item).toContainText("a ouvert un nouveau fil");
  await expect(item).toContainText("Non lu");
  await item.getByRole("link").click();
  await expect(delegate.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(delegate.getByRole("link", { name: /Notifications 0/ })).toBeVisible();
  // Read in the other browser: the live header goes back to 0, still without a reload.
  await expect(live.getByRole("link", { name: /Notifications 0/ })).toBeVisible({ timeout: 15_000 });
  await live.context().close();

  // The e-mail arrives (the mail task runs every 15 s, then the outbox delivers).
  let mail = "";
  await expect
    .poll(
      () => {
        mail = capturedMailsTo(demo.delegate.email, mailsBefore).find((text) => text.includes(title)) ?? "";
        return mail;
      },
      { timeout: 60_000 },
    )
    .not.toBe("");
  expect(mail).toContain("Vous ne pouvez pas répondre à ce courriel");
  const unsubscribe = /https?:\/\/[^\s]+(\/desinscription\/[A-Za-z0-9._-]+)/.exec(mail)?.[1];
  expect(unsubscribe).toBeDefined();

  // The unsubscribe link: a confirmation first, then one button, no sign-in needed.
  const visitor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await visitor.goto(unsubscribe!);
  await visitor.getByRole("button", { name: "Me désabonner des courriels" }).click();
  await expect(visitor.getByText("vous ne recevrez plus de courriels de notification")).toBeVisible();
  await visitor.goto("/desinscription/1.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  await expect(visitor.getByText("n'est pas valide")).toBeVisible();
  await visitor.context().close();
  await delegate.goto("/compte");
  await expect(delegate.getByRole("radio", { name: "Jamais" })).toBeChecked();
  await delegate.context().close();
});

test("/notifications, the watch control and the unsubscribe page pass axe", async ({ browser }) => {
  const page = await member(browser, demo.delegate);
  await page.goto("/notifications");
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto("/thematiques/accessibilite");
  await expect(page.getByLabel("Notifications pour cette thématique")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto("/compte");
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto("/desinscription/abc");
  await expect(page.getByText("n'est pas valide")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.context().close();
});

test("mentions: @ offers members from the keyboard, and an unknown handle is flagged in the preview", async ({ browser }) => {
  const page = await member(browser, demo.moderator);
  await page.goto("/fils/1?page=1");
  const editor = page.getByLabel("Votre réponse");
  await editor.click();
  await editor.pressSequentially("Bonjour @Alex");
  const option = page.getByRole("option", { name: /Alex Délégué/ });
  await expect(option).toBeVisible();
  await expect(option).toHaveAttribute("aria-selected", "true");
  await expectNoAxeViolations(page);
  await editor.press("Enter");
  await expect(editor).toHaveValue(/^Bonjour @[a-z0-9-]+ $/);
  await expect(page.getByRole("listbox", { name: "Membres à mentionner" })).toBeHidden();

  await editor.pressSequentially("et @personne-inconnue-zz");
  await editor.press("Escape");
  await page.getByRole("button", { name: "Prévisualiser" }).click();
  await expect(page.getByRole("region", { name: "Aperçu du message" })).toContainText("aucun membre ne porte ce nom");
  await page.context().close();
});
