import { Form } from "@remix-run/react";

import { BIO_MAX } from "../../members/profile-form";
import { FormAlert, TextareaField, type FieldErrors } from "../form";

/** The "Profil" section of `/compte`: the short bio (Markdown) and the "profil public" choice. */
export function ProfileSettingsForm({
  values,
  errors,
  notice,
}: {
  values: { bio: string; publicProfile: boolean };
  errors: FieldErrors;
  notice: string | null;
}) {
  return (
    <section aria-labelledby="compte-profil">
      <h2 id="compte-profil">Profil</h2>
      {notice ? <FormAlert tone="success">{notice}</FormAlert> : null}
      {errors.bio ? <FormAlert>Le profil n'a pas été modifié : corrigez le champ signalé.</FormAlert> : null}
      <Form method="post" className="stack-form" noValidate>
        <input type="hidden" name="intent" value="profile" />
        <TextareaField
          id="bio"
          name="bio"
          label="Présentation"
          hint={`Quelques lignes sur votre rôle et vos sujets, en Markdown (${BIO_MAX.toLocaleString("fr-FR")} caractères au plus). Visible des membres sur votre profil.`}
          rows={5}
          defaultValue={values.bio}
          error={errors.bio}
        />
        <div className="field field--checkbox">
          <input id="publicProfile" name="publicProfile" type="checkbox" value="oui" defaultChecked={values.publicProfile} aria-describedby="publicProfile-aide" />
          <label htmlFor="publicProfile">Profil public</label>
          <p id="publicProfile-aide" className="field__hint">
            Les visiteurs sans compte voient alors votre nom, votre collectivité, votre rôle et vos fils publics — jamais votre présentation ni
            vos réponses.
          </p>
        </div>
        <div>
          <button type="submit" className="button">
            Enregistrer le profil
          </button>
        </div>
      </Form>
    </section>
  );
}
