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
