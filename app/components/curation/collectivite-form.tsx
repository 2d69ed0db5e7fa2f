import { Form } from "@remix-run/react";

import { kinds, phases } from "~/collectivites/directory-query";
import { DESCRIPTION_MAX, ENT_NAME_MAX, INTEGRATOR_MAX, NAME_MAX, type ProfileFormValues } from "~/collectivites/profile-form";
import { FormAlert, InputField, SelectField, TextareaField, type FieldErrors } from "~/components/form";
import { kindLabels, phaseLabels } from "~/lib/format";

/**
 * A collectivité and its ENT profile: the form to add one (`withSlug`) and to keep it current.
 * Works without JavaScript; the server validates and answers with the typed values and errors.
 */
export function CollectiviteForm({
  values,
  errors,
  version,
  withSlug,
  submitLabel,
}: {
  values: ProfileFormValues;
  errors: FieldErrors;
  version?: number;
  withSlug: boolean;
  submitLabel: string;
}) {
  return (
    <Form method="post" className="stack-form stack-form--wide" noValidate>
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
      <InputField id="c-name" name="name" label="Nom de la collectivité" defaultValue={values.name} error={errors.name} maxLength={NAME_MAX * 2} required />
      <SelectField id="c-kind" name="kind" label="Type de collectivité" defaultValue={values.kind} error={errors.kind} required>
        <option value="">Choisir un type</option>
        {kinds.map((kind) => (
          <option key={kind} value={kind}>
            {kindLabels[kind]}
          </option>
        ))}
      </SelectField>
      {withSlug ? (
        <InputField
          id="c-slug"
          name="slug"
          label="Adresse de la page (facultative)"
          hint="Minuscules sans accent, chiffres et tirets, par exemple « ville-de-lyon ». Vide : tirée du nom. Elle ne change plus ensuite."
          defaultValue={values.slug}
          error={errors.slug}
        />
      ) : null}
      <fieldset className="fieldset">
        <legend>Profil de l'ENT (laisser vide ce qui n'est pas connu)</legend>
        <InputField id="c-ent" name="entName" label="Nom de l'ENT" defaultValue={values.entName} error={errors.entName} maxLength={ENT_NAME_MAX * 2} />
        <InputField
          id="c-count"
          name="establishmentCount"
          label="Nombre d'établissements"
          hint="Un nombre entier, par exemple 470."
          inputMode="numeric"
          defaultValue={values.establishmentCount}
          error={errors.establishmentCount}
        />
        <InputField
          id="c-launch"
          name="launchDate"
          label="Date de lancement"
          hint="Aussi précise que connue : l'année (2009), le mois (03/2009) ou le jour (12/03/2009)."
          defaultValue={values.launchDate}
          error={errors.launchDate}
        />
        <SelectField id="c-phase" name="phase" label="Phase" defaultValue={values.phase} error={errors.phase}>
          <option value="">Non renseignée</option>
          {phases.map((phase) => (
            <option key={phase} value={phase}>
              {phaseLabels[phase]}
            </option>
          ))}
        </SelectField>
        <InputField id="c-integrator" name="integrator" label="Intégrateur" defaultValue={values.integrator} error={errors.integrator} maxLength={INTEGRATOR_MAX * 2} />
        <InputField
          id="c-website"
          name="websiteUrl"
          label="Site de présentation"
          hint="Une adresse complète commençant par https:// (ou http://)."
          type="url"
          defaultValue={values.websiteUrl}
          error={errors.websiteUrl}
        />
        <TextareaField
          id="c-description"
          name="description"
          label="Description"
          hint={`En texte simple, ${DESCRIPTION_MAX} caractères au plus.`}
          defaultValue={values.description}
          error={errors.description}
          rows={4}
        />
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
