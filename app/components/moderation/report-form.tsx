import { Form } from "@remix-run/react";

import { FormAlert, TextareaField, type FieldErrors } from "../form";
import { NOTE_MAX, reportReasonLabels, reportReasons } from "../../moderation/moderation-form";

/** The report form: a reason from the short list and an optional note; keeps what was typed. */
export function ReportForm({ values, errors }: { values: { reason: string; note: string } | null; errors: FieldErrors }) {
  return (
    <Form method="post" className="stack-form" noValidate>
      {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
      <fieldset className={errors.reason ? "field field--error" : "field"} aria-describedby={errors.reason ? "reason-erreur" : undefined}>
        <legend>Raison</legend>
        {reportReasons.map((reason) => (
          <label key={reason} className="checkbox">
            <input type="radio" name="reason" value={reason} defaultChecked={values?.reason === reason} /> {reportReasonLabels[reason]}
          </label>
        ))}
        {errors.reason ? (
          <p id="reason-erreur" className="field__error">
            {errors.reason}
          </p>
        ) : null}
      </fieldset>
      <TextareaField id="note" name="note" label="Précisions (facultatif)" hint={`${NOTE_MAX} caractères au plus.`} rows={4} defaultValue={values?.note ?? ""} error={errors.note} />
      <button type="submit" className="button">
        Envoyer le signalement
      </button>
    </Form>
  );
}
