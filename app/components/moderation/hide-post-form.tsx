import { Form } from "@remix-run/react";

import { FormAlert, TextareaField, type FieldErrors } from "../form";
import { REASON_MAX } from "../../moderation/moderation-form";

/** Hide a post with a reason shown to readers, or show it again (optional note for the journal). */
export function HidePostForm({ hidden, hiddenReason, values, errors }: { hidden: boolean; hiddenReason: string | null; values: { reason: string } | null; errors: FieldErrors }) {
  return (
    <Form method="post" className="stack-form" noValidate>
      {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
      {hidden ? <p>Ce message est masqué{hiddenReason ? ` : « ${hiddenReason} »` : ""}.</p> : null}
      <TextareaField
        id="reason"
        name="reason"
        label={hidden ? "Note pour le journal (facultatif)" : "Raison du masquage"}
        hint={hidden ? undefined : `Affichée aux lecteurs à la place du message (${REASON_MAX} caractères au plus).`}
        rows={3}
        defaultValue={values?.reason ?? ""}
        error={errors.reason}
      />
      <button type="submit" name="intent" value={hidden ? "unhide" : "hide"} className="button">
        {hidden ? "Réafficher le message" : "Masquer le message"}
      </button>
    </Form>
  );
}

/** Delete a post for good (soft: it keeps its place), with a reason readers see; moderators only. */
export function DeletePostForm({ values, errors }: { values: { deleteReason: string } | null; errors: FieldErrors }) {
  return (
    <Form method="post" className="stack-form" noValidate>
      <h2>Supprimer le message</h2>
      <p className="muted">
        Le message garde sa place dans le fil, son texte n'est plus montré à personne et il quitte la recherche. Son auteur
        est prévenu. Un premier message sans réponse emporte le fil avec lui.
      </p>
      {errors.deleteForm ? <FormAlert>{errors.deleteForm}</FormAlert> : null}
      <TextareaField
        id="deleteReason"
        name="deleteReason"
        label="Raison de la suppression"
        hint={`Affichée aux lecteurs à la place du message (${REASON_MAX} caractères au plus).`}
        rows={3}
        defaultValue={values?.deleteReason ?? ""}
        error={errors.deleteReason}
      />
      <button type="submit" name="intent" value="delete" className="button button--danger">
        Supprimer le message
      </button>
    </Form>
  );
}
