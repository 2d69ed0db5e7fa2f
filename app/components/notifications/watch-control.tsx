import { Form } from "@remix-run/react";

import type { WatchLevel } from "../../../db/schema";
import { watchLevelHints, watchLevelLabels, watchLevels } from "../../notifications/levels";

const targetWords = { fil: "ce fil", thematique: "cette thématique", collectivite: "cette collectivité" } as const;

/**
 * The one watch control of a thread, thématique or collectivité page: a select and a button, a
 * plain form (posted to /suivi, which redirects back here), so it works without JavaScript.
 */
export function WatchControl({ target, id, level }: { target: keyof typeof targetWords; id: number; level: WatchLevel }) {
  const fieldId = `suivi-${target}-${id}`;
  return (
    <Form method="post" action="/suivi" className="watch-control" aria-label={`Suivi de ${targetWords[target]}`}>
      <input type="hidden" name="cible" value={target} />
      <input type="hidden" name="id" value={id} />
      <label htmlFor={fieldId}>Notifications pour {targetWords[target]}</label>
      <select id={fieldId} name="niveau" defaultValue={level} aria-describedby={`${fieldId}-aide`} key={level}>
        {watchLevels.map((value) => (
          <option key={value} value={value}>
            {watchLevelLabels[value]} — {watchLevelHints[value]}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--secondary">
        Enregistrer
      </button>
      <p id={`${fieldId}-aide`} className="field__hint">
        Niveau actuel : <strong>{watchLevelLabels[level]}</strong>.
      </p>
    </Form>
  );
}
