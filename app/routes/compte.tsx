import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";

import { isSecureRequest, requireUser } from "~/auth/guards.server";
import { roleLabels } from "~/auth/permissions";
import { blankSessionCookie, startSession } from "~/auth/session.server";
import { FormAlert, InputField, type FieldErrors } from "~/components/form";
import { PersonalFeedSection } from "~/components/feeds/personal-feed-section";
import { ProfileSettingsForm } from "~/components/members/profile-settings-form";
import { NotificationPreferencesForm } from "~/components/notifications/preferences-form";
import { NewPasswordFields } from "~/components/new-password-fields";
import { database } from "~/db.server";
import { feedTokenCreatedAt, regenerateFeedToken, revokeFeedToken } from "~/feeds/feed-tokens.server";
import { personalFeedUrl } from "~/feeds/feeds.server";
import { formatDate, isoDateTime } from "~/lib/dates";
import { textField } from "~/lib/form-data";
import { retryAfterHeaders } from "~/lib/http.server";
import { DISPLAY_NAME_MAX } from "~/members/display-name";
import { changeOwnPassword, findOwnAccount, signOutEverywhere, updateDisplayName } from "~/members/account.server";
import { findProfileSettings, updateProfileSettings } from "~/members/profile-settings.server";
import { parsePreferencesForm } from "~/notifications/preferences-form";
import { findNotificationPreferences, saveNotificationPreferences } from "~/notifications/preferences.server";

export const meta: MetaFunction = () => [{ title: "Mon compte · OpenENT Échanges" }];

/** Notices shown after a redirect (`/compte?modifie=…`), so a reload never resubmits the form. */
const notices: Record<string, string> = {
  "mot-de-passe": "Votre mot de passe a été modifié. Vos sessions sur les autres appareils ont été fermées.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { db } = await database();
  const [account, profileSettings, feedCreatedAt, notificationPreferences] = await Promise.all([
    findOwnAccount(db, user.id),
    findProfileSettings(db, user.id),
    feedTokenCreatedAt(db, user.id),
    findNotificationPreferences(db, user.id),
  ]);
  if (!account || !profileSettings) throw new Response("Compte introuvable", { status: 404 });
  return { account, profileSettings, feedCreatedAt, notificationPreferences };
}

type Section = "displayName" | "password" | "profile" | "feed" | "notifications";

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { db, pool } = await database();
  const form = await request.formData();
  const intent = textField(form, "intent");
  const secure = isSecureRequest(request);

  if (intent === "displayName") {
    const values = { displayName: textField(form, "displayName") };
    const result = await updateDisplayName(db, user.id, values.displayName);
    if (!result.ok) {
      return data({ section: "displayName" as Section, notice: null, errors: result.errors as FieldErrors, values }, { status: 400 });
    }
    return { section: "displayName" as Section, notice: "Votre nom d'affichage a été modifié.", errors: {} as FieldErrors, values: null };
  }

  if (intent === "profile") {
    const values = { bio: textField(form, "bio"), publicProfile: textField(form, "publicProfile") === "oui" };
    const result = await updateProfileSettings(db, user.id, values);
    if (!result.ok) {
      return data({ section: "profile" as Section, notice: null, errors: result.errors as FieldErrors, values }, { status: 400 });
    }
    return { section: "profile" as Section, notice: "Votre profil a été enregistré.", errors: {} as FieldErrors, values: null };
  }

  if (intent === "feedToken") {
    // The address is in this one answer only: the database keeps the token's hash.
    const token = await regenerateFeedToken(db, user);
    if (!token) throw new Response("Accès refusé", { status: 403 });
    return { section: "feed" as Section, notice: "Votre flux personnel est prêt.", errors: {} as FieldErrors, values: null, feedUrl: personalFeedUrl(token) };
  }

  if (intent === "feedTokenRevoke") {
    await revokeFeedToken(db, user.id);
    return { section: "feed" as Section, notice: "Votre flux personnel a été révoqué : son adresse ne fonctionne plus.", errors: {} as FieldErrors, values: null };
  }

  if (intent === "notifications") {
    const parsed = parsePreferencesForm((name) => textField(form, name));
    if (!parsed.ok) {
      return data({ section: "notifications" as Section, notice: null, errors: parsed.errors as FieldErrors, values: parsed.value }, { status: 400 });
    }
    await saveNotificationPreferences(db, user.id, parsed.value);
    return { section: "notifications" as Section, notice: "Vos préférences de notification ont été enregistrées.", errors: {} as FieldErrors, values: null };
  }

  if (intent === "password") {
    // Passwords are never sent back to the browser, not even on an error.
    const current = textField(form, "current");
    const next = textField(form, "next");
    const confirmation = textField(form, "confirmation");
    const errors: FieldErrors = {};
    if (!current) errors.current = "Indiquez votre mot de passe actuel.";
    if (!next) errors.next = "Choisissez un nouveau mot de passe.";
    else if (next !== confirmation) errors.confirmation = "Les deux mots de passe ne correspondent pas.";
    if (Object.keys(errors).length > 0) {
      return data({ section: "password" as Section, notice: null, errors, values: null }, { status: 400 });
    }
    const result = await changeOwnPassword(db, pool, user.id, { current, next });
    if (!result.ok) {
      return data(
        { section: "password" as Section, notice: null, errors: result.errors as FieldErrors, values: null },
        result.retryAfterSeconds === undefined
          ? { status: 400 }
          : { status: 429, headers: retryAfterHeaders(result.retryAfterSeconds) },
      );
    }
    // Every session, this one included, has ended: this device alone gets a fresh one.
    const cookie = await startSession(pool, user.id, secure);
    return redirect("/compte?modifie=mot-de-passe", { headers: { "Set-Cookie": cookie } });
  }

  if (intent === "signOutEverywhere") {
    await signOutEverywhere(pool, user.id);
    return redirect("/connexion", { headers: { "Set-Cookie": blankSessionCookie(pool, secure) } });
  }

  throw new Response("Action inconnue", { status: 400 });
}

export default function Account() {
  const { account, profileSettings, feedCreatedAt, notificationPreferences } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectedNotice = notices[searchParams.get("modifie") ?? ""];
  const nameErrors = actionData?.section === "displayName" ? actionData.errors : {};
  const passwordErrors = actionData?.section === "password" ? actionData.errors : {};
  const displayName = actionData?.section === "displayName" && actionData.values && "displayName" in actionData.values ? actionData.values.displayName : account.displayName;
  const profileValues = actionData?.section === "profile" && actionData.values && "bio" in actionData.values ? actionData.values : profileSettings;
  const notificationValues =
    actionData?.section === "notifications" && actionData.values && "emailFrequency" in actionData.values ? actionData.values : notificationPreferences;

  return (
    <>
      <h1>Mon compte</h1>
      {redirectedNotice && !actionData ? <FormAlert tone="success">{redirectedNotice}</FormAlert> : null}
      {actionData?.notice && actionData.section !== "profile" && actionData.section !== "feed" && actionData.section !== "notifications" ? <FormAlert tone="success">{actionData.notice}</FormAlert> : null}

      <section aria-labelledby="compte-infos">
        <h2 id="compte-infos">Informations</h2>
        <dl className="profile">
          <dt>Adresse e-mail</dt>
          <dd>{account.email}</dd>
          <dt>Rôle</dt>
          <dd>{roleLabels[account.role]}</dd>
          <dt>Collectivité</dt>
          <dd>
            {account.collectivite ? (
              <Link to={`/collectivites/${account.collectivite.slug}`}>{account.collectivite.name}</Link>
            ) : (
              <span className="muted">Aucune</span>
            )}
          </dd>
          <dt>Membre depuis</dt>
          <dd>
            le <time dateTime={isoDateTime(account.createdAt)}>{formatDate(account.createdAt)}</time>
          </dd>
        </dl>
        <p className="muted">
          Pour changer d'adresse, de rôle ou de collectivité, adressez-vous à un administrateur de l'association.{" "}
          <Link to={`/membres/${account.id}`}>Voir mon profil public</Link>
        </p>
      </section>

      <section aria-labelledby="compte-nom">
        <h2 id="compte-nom">Nom d'affichage</h2>
        {nameErrors.displayName ? <FormAlert>Le nom n'a pas été modifié : corrigez le champ signalé.</FormAlert> : null}
        <Form method="post" className="stack-form" noValidate>
          <input type="hidden" name="intent" value="displayName" />
          <InputField
            id="displayName"
            name="displayName"
            label="Nom d'affichage"
            hint="Le nom que les autres membres voient à côté de vos messages (2 à 80 caractères)."
            autoComplete="name"
            required
            maxLength={DISPLAY_NAME_MAX}
            defaultValue={displayName}
            error={nameErrors.displayName}
          />
          <div>
            <button type="submit" className="button">
              Enregistrer le nom
            </button>
          </div>
        </Form>
      </section>

      <ProfileSettingsForm
        values={profileValues}
        errors={actionData?.section === "profile" ? actionData.errors : {}}
        notice={actionData?.section === "profile" ? actionData.notice : null}
      />

      <NotificationPreferencesForm
        values={notificationValues}
        errors={actionData?.section === "notifications" ? actionData.errors : {}}
        notice={actionData?.section === "notifications" ? actionData.notice : null}
      />

      <PersonalFeedSection
        createdAt={feedCreatedAt}
        newUrl={actionData?.section === "feed" && "feedUrl" in actionData ? (actionData.feedUrl ?? null) : null}
        notice={actionData?.section === "feed" ? actionData.notice : null}
      />

      <section aria-labelledby="compte-mot-de-passe">
        <h2 id="compte-mot-de-passe">Mot de passe</h2>
        <p>Après le changement, vous restez connecté sur cet appareil ; vos sessions sur les autres appareils sont fermées.</p>
        {Object.keys(passwordErrors).length > 0 ? (
          <FormAlert>Le mot de passe n'a pas été modifié : corrigez les champs signalés.</FormAlert>
        ) : null}
        <Form method="post" className="stack-form" noValidate>
          <input type="hidden" name="intent" value="password" />
          <InputField
            id="current-password"
            name="current"
            type="password"
            label="Mot de passe actuel"
            autoComplete="current-password"
            required
            error={passwordErrors.current}
          />
          <NewPasswordFields errors={passwordErrors} name="next" idPrefix="new-" />
          <div>
            <button type="submit" className="button">
              Changer le mot de passe
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="compte-sessions">
        <h2 id="compte-sessions">Sessions</h2>
        <p>
          Un appareil perdu, un ordinateur partagé ? Fermez toutes vos sessions, y compris celle-ci : il faudra vous
          reconnecter partout.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="signOutEverywhere" />
          <button type="submit" className="button button--secondary">
            Se déconnecter de tous les appareils
          </button>
        </Form>
      </section>
    </>
  );
}
