import { Form } from "@remix-run/react";

import { FormAlert, InputField, SelectField, TextareaField, type FieldErrors } from "~/components/form";
import { TOPIC_DESCRIPTION_MAX, TOPIC_NAME_MAX, TOPIC_NAME_MIN } from "~/topics/topic-form";

/** The thématique forms: name and description (create, rename, describe), and the merge. */

export function TopicFields({
  values,
  errors,
  version,
  submitLabel,
}: {
  values: { name: string; description: string };
  errors: FieldErrors;
  version?: number;
  submitLabel: string;
}) {
  return (
    <Form method="post" className="stack-form stack-form--wide" noValidate>
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
      <InputField
        id="topic-name"
        name="name"
        label="Nom"
        hint={`Entre ${TOPIC_NAME_MIN} et ${TOPIC_NAME_MAX} caractères. L'adresse de la page suit le nom ; l'ancienne adresse redirige vers la nouvelle.`}
        defaultValue={values.name}
        error={errors.name}
        maxLength={TOPIC_NAME_MAX * 2}
        required
      />
      <TextareaField
        id="topic-description"
        name="description"
        label="Description (facultative)"
        hint={`Une phrase ou deux, en texte simple (${TOPIC_DESCRIPTION_MAX} caractères au plus).`}
        defaultValue={values.description}
        error={errors.description}
        rows={3}
      />
      <div className="form-actions">
        <button type="submit" name="intent" value="update" className="button">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

export function MergeTopicForm({
  topicName,
  targets,
  values,
  errors,
}: {
  topicName: string;
  targets: { id: number; name: string }[];
  values: { targetId: string };
  errors: FieldErrors;
}) {
  return (
    <Form method="post" className="stack-form stack-form--wide" noValidate>
      <p>
        Les fils de « {topicName} » passent dans la thématique choisie (un fil qui portait les deux n'en garde qu'une),
        l'adresse de « {topicName} » redirige vers elle, puis « {topicName} » disparaît. La fusion ne peut pas être annulée.
      </p>
      {errors.mergeForm ? <FormAlert>{errors.mergeForm}</FormAlert> : null}
      <SelectField id="merge-target" name="targetId" label="Fusionner dans la thématique" defaultValue={values.targetId} error={errors.targetId}>
        <option value="">Choisir une thématique</option>
        {targets.map((target) => (
          <option key={target.id} value={target.id}>
            {target.name}
          </option>
        ))}
      </SelectField>
      <div className={errors.confirm ? "field field--error" : "field"}>
        <label className="checkbox">
          <input type="checkbox" name="confirm" value="oui" aria-describedby={errors.confirm ? "merge-confirm-erreur" : undefined} aria-invalid={errors.confirm ? true : undefined} />{" "}
          Je confirme la fusion de « {topicName} »
        </label>
        {errors.confirm ? (
          <p id="merge-confirm-erreur" className="field__error">
            {errors.confirm}
          </p>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="submit" name="intent" value="merge" className="button button--danger">
          Fusionner
        </button>
      </div>
    </Form>
  );
}
