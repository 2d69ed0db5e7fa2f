import { Form } from "@remix-run/react";

import { emailFrequencies, emailFrequencyLabels, type NotificationPreferences } from "../../notifications/levels";
import { FormAlert, type FieldErrors } from "../form";

/** The "Notifications" section of `/compte`: watching defaults and notification e-mail. */
export function NotificationPreferencesForm({
  values,
  errors,
  notice,
}: {
  values: NotificationPreferences;
  errors: FieldErrors;
  notice: string | null;
}) {
  return (
    <section aria-labelledby="notifications" id="notifications-section">
      <h2 id="notifications" tabIndex={-1}>
        Notifications
      </h2>
      {notice ? <FormAlert tone="success">{notice}</FormAlert> : null}
      {errors.emailFrequency ? <FormAlert>Les préférences n'ont pas été enregistrées : corrigez le champ signalé.</FormAlert> : null}
      <Form method="post" className="stack-form" noValidate>
        <input type="hidden" name="intent" value="notifications" />
        <fieldset>
          <legend>Suivre automatiquement</legend>
          <div className="field field--checkbox">
            <input id="watchOwnThreads" name="watchOwnThreads" type="checkbox" value="oui" defaultChecked={values.watchOwnThreads} />
            <label htmlFor="watchOwnThreads">les fils que j'ouvre</label>
          </div>
          <div className="field field--checkbox">
            <input id="watchRepliedThreads" name="watchRepliedThreads" type="checkbox" value="oui" defaultChecked={values.watchRepliedThreads} />
            <label htmlFor="watchRepliedThreads">les fils auxquels je réponds</label>
          </div>
        </fieldset>
        <fieldset aria-describedby={errors.emailFrequency ? "emailFrequency-erreur" : undefined}>
          <legend>Recevoir mes notifications par courriel</legend>
          {emailFrequencies.map((frequency) => (
            <div className="field field--checkbox" key={frequency}>
              <input
                id={`emailFrequency-${frequency}`}
                name="emailFrequency"
                type="radio"
                value={frequency}
                defaultChecked={values.emailFrequency === frequency}
              />
              <label htmlFor={`emailFrequency-${frequency}`}>{emailFrequencyLabels[frequency]}</label>
            </div>
          ))}
          {errors.emailFrequency ? (
            <p id="emailFrequency-erreur" className="field__error">
              {errors.emailFrequency}
            </p>
          ) : null}
          <p className="field__hint">Les résumés partent à l'heure configurée (7 h par défaut), le lundi pour le résumé hebdomadaire.</p>
        </fieldset>
        <div className="field field--checkbox">
          <input id="emailDirectOnly" name="emailDirectOnly" type="checkbox" value="oui" defaultChecked={values.emailDirectOnly} aria-describedby="emailDirectOnly-aide" />
          <label htmlFor="emailDirectOnly">Seulement les mentions et les réponses</label>
          <p id="emailDirectOnly-aide" className="field__hint">
            Par courriel, seulement quand on vous mentionne, vous cite ou répond à vos fils ; le reste reste visible sur le site.
          </p>
        </div>
        <div>
          <button type="submit" className="button">
            Enregistrer les notifications
          </button>
        </div>
      </Form>
    </section>
  );
}
