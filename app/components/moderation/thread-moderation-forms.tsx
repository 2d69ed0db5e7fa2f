import { Form, useNavigation, useSearchParams } from "@remix-run/react";

import { FormAlert, InputField, SelectField, TextareaField, type FieldErrors } from "../form";
import { formatDate, formatDateTime } from "../../lib/dates";
import { REASON_MAX } from "../../moderation/moderation-form";

interface ThreadState {
  id: number;
  visibility: "members" | "public";
  pinnedAt: string | Date | null;
  pinnedUntil: string | Date | null;
  pinnedTopicId: number | null;
  featuredAt: string | Date | null;
  lockedAt: string | Date | null;
  lockReason: string | null;
  unlistedAt: string | Date | null;
  version: number;
  topics: { id: number; name: string }[];
}

interface Failed {
  intent: string;
  values: { reason: string; until: string; scope: string; confirm: string };
  errors: FieldErrors;
}

const done: Record<string, string> = {
  pin: "Le fil est épinglé.",
  unpin: "Le fil n'est plus épinglé.",
  feature: "Le fil est à la une.",
  unfeature: "Le fil n'est plus à la une.",
  lock: "Le fil est verrouillé.",
  unlock: "Le fil est déverrouillé.",
  unlist: "Le fil est retiré des listes et de la recherche.",
  relist: "Le fil est de nouveau listé.",
  visibility: "La visibilité du fil a changé.",
};

function Version({ value }: { value: number }) {
  return <input type="hidden" name="version" value={value} />;
}

/** Every curation form of a thread, each a plain form (works without JavaScript). */
export function ThreadModerationForms({ thread, today, failed }: { thread: ThreadState; today: string; failed: Failed | null }) {
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const errorsFor = (intent: string): FieldErrors => (failed?.intent === intent ? failed.errors : {});
  const valuesFor = (intent: string) => (failed?.intent === intent ? failed.values : null);
  const fait = params.get("fait");
  const pinErrors = errorsFor("pin");
  const lockErrors = errorsFor("lock");
  const visibilityErrors = errorsFor("visibility");
  const otherError = failed && failed.errors.form ? failed.errors.form : null;
  return (
    <div className="moderation-forms">
      {otherError ? <FormAlert>{otherError}</FormAlert> : fait && done[fait] ? <FormAlert tone="success">{done[fait]}</FormAlert> : null}

      <section aria-labelledby="mod-epingler">
        <h2 id="mod-epingler">Épingler</h2>
        {thread.pinnedAt ? (
          <Form method="post" className="stack-form">
            <p>
              Épinglé {thread.pinnedTopicId ? `dans la thématique « ${thread.topics.find((t) => t.id === thread.pinnedTopicId)?.name ?? "?"} »` : "sur l'accueil"}
              {thread.pinnedUntil ? ` jusqu'au ${formatDate(thread.pinnedUntil)}` : ""}.
            </p>
            <Version value={thread.version} />
            <button type="submit" name="intent" value="unpin" className="button button--secondary" disabled={busy}>
              Désépingler
            </button>
          </Form>
        ) : (
          <Form method="post" className="stack-form" noValidate>
            <Version value={thread.version} />
            <SelectField id="scope" name="scope" label="Où" defaultValue={valuesFor("pin")?.scope ?? "accueil"} error={pinErrors.scope}>
              <option value="accueil">Sur l'accueil (et dans ses thématiques)</option>
              {thread.topics.map((t) => (
                <option key={t.id} value={t.id}>
                  Dans la thématique « {t.name} » seulement
                </option>
              ))}
            </SelectField>
            <InputField id="until" name="until" type="date" min={today} label="Jusqu'au (facultatif)" hint="Laissez vide pour épingler sans limite." defaultValue={valuesFor("pin")?.until ?? ""} error={pinErrors.until} />
            <button type="submit" name="intent" value="pin" className="button" disabled={busy}>
              Épingler
            </button>
          </Form>
        )}
      </section>

      <section aria-labelledby="mod-une">
        <h2 id="mod-une">À la une</h2>
        <Form method="post">
          <Version value={thread.version} />
          <p>{thread.featuredAt ? `À la une depuis le ${formatDateTime(thread.featuredAt)}.` : "Ce fil n'est pas à la une de l'accueil."}</p>
          <button type="submit" name="intent" value={thread.featuredAt ? "unfeature" : "feature"} className="button button--secondary" disabled={busy}>
            {thread.featuredAt ? "Retirer de la une" : "Mettre à la une"}
          </button>
        </Form>
      </section>

      <section aria-labelledby="mod-verrou">
        <h2 id="mod-verrou">Verrouiller</h2>
        {thread.lockedAt ? (
          <Form method="post" className="stack-form">
            <p>
              Verrouillé depuis le {formatDateTime(thread.lockedAt)}
              {thread.lockReason ? ` : « ${thread.lockReason} »` : ""}.
            </p>
            <Version value={thread.version} />
            <button type="submit" name="intent" value="unlock" className="button button--secondary" disabled={busy}>
              Déverrouiller
            </button>
          </Form>
        ) : (
          <Form method="post" className="stack-form" noValidate>
            <Version value={thread.version} />
            <TextareaField
              id="reason"
              name="reason"
              label="Raison du verrouillage"
              hint={`Affichée au bas du fil (${REASON_MAX} caractères au plus).`}
              rows={3}
              defaultValue={valuesFor("lock")?.reason ?? ""}
              error={lockErrors.reason}
            />
            <button type="submit" name="intent" value="lock" className="button" disabled={busy}>
              Verrouiller
            </button>
          </Form>
        )}
      </section>

      <section aria-labelledby="mod-liste">
        <h2 id="mod-liste">Listes et recherche</h2>
        <Form method="post">
          <Version value={thread.version} />
          <p>
            {thread.unlistedAt
              ? "Ce fil est retiré des listes et de la recherche ; son lien l'ouvre toujours."
              : "Ce fil apparaît dans les listes et la recherche. Le retirer le garde accessible par son lien (brouillons des modérateurs)."}
          </p>
          <button type="submit" name="intent" value={thread.unlistedAt ? "relist" : "unlist"} className="button button--secondary" disabled={busy}>
            {thread.unlistedAt ? "Remettre dans les listes" : "Retirer des listes"}
          </button>
        </Form>
      </section>

      <section aria-labelledby="mod-visibilite">
        <h2 id="mod-visibilite">Visibilité</h2>
        <Form method="post" className="stack-form" noValidate>
          <Version value={thread.version} />
          <input type="hidden" name="visibility" value={thread.visibility === "public" ? "members" : "public"} />
          <p>{thread.visibility === "public" ? "Ce fil est public : tout le monde peut le lire sans compte." : "Ce fil est réservé aux membres."}</p>
          <div className={visibilityErrors.confirm ? "field field--error" : "field"}>
            <label className="checkbox">
              <input type="checkbox" name="confirm" value="oui" aria-describedby={visibilityErrors.confirm ? "confirm-erreur" : undefined} aria-invalid={visibilityErrors.confirm ? true : undefined} />{" "}
              {thread.visibility === "public" ? "Je confirme : ce fil sera réservé aux membres." : "Je confirme : ce fil pourra être lu par tout le monde, sans compte."}
            </label>
            {visibilityErrors.confirm ? (
              <p id="confirm-erreur" className="field__error">
                {visibilityErrors.confirm}
              </p>
            ) : null}
          </div>
          <button type="submit" name="intent" value="visibility" className="button button--secondary" disabled={busy}>
            {thread.visibility === "public" ? "Réserver aux membres" : "Rendre public"}
          </button>
        </Form>
      </section>
    </div>
  );
}
