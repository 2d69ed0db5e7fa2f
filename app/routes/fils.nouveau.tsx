import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";

import { requirePermission } from "~/auth/guards.server";
import { listCollectiviteChoices } from "~/collectivites/collectivites.server";
import { FormAlert, InputField, SelectField, type FieldErrors } from "~/components/form";
import { CheckboxGroup } from "~/components/forum/checkbox-group";
import { PostEditor } from "~/components/forum/post-editor";
import { PublishButton, SubmissionKeyInput } from "~/components/forum/publish-button";
import { useHydrated } from "~/components/use-hydrated";
import { getDb } from "~/db.server";
import { isThreadKind, kindLabels, reportTemplate, threadKinds, TITLE_MAX, TITLE_MIN } from "~/forum/kinds";
import { renderPreview } from "~/forum/render-post.server";
import { threadPath } from "~/forum/slug";
import { readThreadForm } from "~/forum/thread-form";
import { newSubmissionKey, readSubmissionKey, SUBMISSION_KEY_FIELD } from "~/forum/submission-keys.server";
import { createThread } from "~/forum/threads.server";
import { parseThreadForm, type ThreadFormValues } from "~/forum/validation";
import { appendMarkdown } from "~/files/limits";
import { readPostForm } from "~/files/post-form.server";
import { textField } from "~/lib/form-data";
import { listTopics } from "~/topics/topics.server";
import { mayPropose, readSiteSettings } from "~/governance/settings.server";
import { skipRevalidationAfterPreview } from "~/forum/preview-revalidation";
import { deleteDraft, findDraft, saveDraft } from "~/drafts/drafts.server";


export const shouldRevalidate = skipRevalidationAfterPreview;

export const meta: MetaFunction = () => [{ title: "Nouveau fil · OpenENT Échanges" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "thread.create");
  const db = await getDb();
  const [collectivites, topics, settings, draft] = await Promise.all([
    listCollectiviteChoices(db),
    listTopics(db),
    readSiteSettings(db),
    findDraft(db, user.id, { newThread: true }),
  ]);
  // Gouvernance threads are proposals: moderators open them, délégués while the site setting allows it.
  const kinds = threadKinds.filter((k) => k !== "gouvernance" || mayPropose(user, settings));
  const requested = new URL(request.url).searchParams.get("type") ?? "";
  const kind = isThreadKind(requested) && kinds.includes(requested) ? requested : "discussion";
  const own = user.collectiviteId ? String(user.collectiviteId) : "";
  const initial: ThreadFormValues = {
    title: "",
    kind,
    // The member's draft saved on the server (another browser, an earlier visit) comes back first.
    body: draft?.body ?? (kind === "retour" ? reportTemplate : ""),
    collectiviteIds: own ? [own] : [],
    topicIds: [],
    reportCollectiviteId: own,
    reportEstablishments: "",
    reportPeriodStart: "",
    reportPeriodEnd: "",
  };
  return { collectivites, topics, kinds, initial, submissionKey: newSubmissionKey() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "thread.create");
  const db = await getDb();
  const { form, upload } = await readPostForm(db, request, user);
  const values = readThreadForm(form);
  if (upload) {
    // "Joindre le fichier" (also without JavaScript): the form again, with the file's Markdown.
    if (!upload.ok) return data({ values, errors: { fichier: upload.message } as FieldErrors, preview: null }, { status: upload.status });
    return data({ values: { ...values, body: appendMarkdown(values.body, upload.markdown) }, errors: {} as FieldErrors, preview: null });
  }
  if (textField(form, "intent") === "preview") {
    // Without JavaScript, "Prévisualiser" is also when the draft is saved on the server.
    const saved = await saveDraft(db, user, { newThread: true }, values.body);
    const errors: FieldErrors = saved.ok ? {} : { body: saved.message };
    return data({ values, errors, preview: await renderPreview(db, values.body) });
  }
  const parsed = parseThreadForm(values);
  if (!parsed.ok) return data({ values, errors: parsed.errors, preview: null }, { status: 400 });
  if (parsed.input.kind === "gouvernance" && !mayPropose(user, await readSiteSettings(db))) {
    return data({ values, errors: { kind: "Seuls les modérateurs peuvent ouvrir une proposition de gouvernance pour le moment." } as FieldErrors, preview: null }, { status: 403 });
  }
  const result = await createThread(db, user, parsed.input, readSubmissionKey(textField(form, SUBMISSION_KEY_FIELD)));
  if (!result.ok) return data({ values, errors: result.errors, preview: null }, { status: 400 });
  await deleteDraft(db, user.id, { newThread: true });
  return redirect(threadPath(result));
}

export default function NewThread() {
  const { collectivites, topics, kinds, initial, submissionKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? initial;
  const errors: FieldErrors = actionData?.errors ?? {};
  const [kind, setKind] = useState(values.kind);
  // "Commencer par : …" links navigate on the same page: the type follows the URL's, and the
  // template comes and goes with it while the message is still empty or the untouched template.
  const location = useLocation();
  const [shownLocation, setShownLocation] = useState(location.key);
  if (shownLocation !== location.key) {
    setShownLocation(location.key);
    setKind(values.kind);
  }
  useEffect(() => applyTemplate(values.kind), [values.kind, location.key]);
  const hydrated = useHydrated();
  // Without JavaScript the facts fieldset is always there (and ignored for other kinds).
  const showReport = !hydrated || kind === "retour";
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <>
      <h1>Nouveau fil</h1>
      <p>
        Commencer par :{" "}
        {kinds.map((k, i) => (
          <span key={k}>
            {i > 0 ? " · " : null}
            <Link to={`?type=${k}`}>{kindLabels[k]}</Link>
          </span>
        ))}
      </p>
      {hasErrors ? <FormAlert>Le fil n'a pas été publié : corrigez les champs signalés ci-dessous.</FormAlert> : null}
      {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
      <Form method="post" className="stack-form stack-form--wide" noValidate>
        <SubmissionKeyInput value={submissionKey} />
        <SelectField id="kind" name="kind" label="Type de fil" value={kind} onChange={(e) => {
            setKind(e.target.value);
            applyTemplate(e.target.value);
          }} error={errors.kind}>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {kindLabels[k]}
            </option>
          ))}
        </SelectField>
        <InputField
          id="title"
          name="title"
          label="Titre"
          hint={`Entre ${TITLE_MIN} et ${TITLE_MAX} caractères.`}
          required
          maxLength={TITLE_MAX}
          defaultValue={values.title}
          error={errors.title}
        />
        <CheckboxGroup legend="Collectivités concernées" name="collectiviteIds" options={collectivites} checked={values.collectiviteIds} error={errors.collectiviteIds} />
        <CheckboxGroup legend="Thématiques" name="topicIds" options={topics} checked={values.topicIds} error={errors.topicIds} />
        {showReport ? (
          <fieldset className="fieldset">
            <legend>Faits du retour d'expérience</legend>
            <p className="field__hint">Pour un retour d'expérience seulement : ils le rendent comparable aux autres.</p>
            <SelectField
              id="reportCollectiviteId"
              name="reportCollectiviteId"
              label="Collectivité dont vous racontez l'expérience"
              defaultValue={values.reportCollectiviteId}
              error={errors.reportCollectiviteId}
            >
              <option value="">Choisir…</option>
              {collectivites.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </SelectField>
            <InputField
              id="reportEstablishments"
              name="reportEstablishments"
              label="Nombre d'établissements concernés"
              inputMode="numeric"
              defaultValue={values.reportEstablishments}
              error={errors.reportEstablishments}
            />
            <InputField id="reportPeriodStart" name="reportPeriodStart" label="Début de la période (AAAA-MM)" placeholder="2023-09" defaultValue={values.reportPeriodStart} error={errors.reportPeriodStart} />
            <InputField id="reportPeriodEnd" name="reportPeriodEnd" label="Fin de la période (AAAA-MM)" placeholder="2024-06" defaultValue={values.reportPeriodEnd} error={errors.reportPeriodEnd} />
          </fieldset>
        ) : null}
        <PostEditor id="body" label="Message" defaultValue={values.body} error={errors.body} fileError={errors.fichier} draftKey="nouveau-fil" serverPreview={actionData?.preview} serverDraft="nouveau" />
        <div className="form-actions">
          <PublishButton intent="publish" label="Publier le fil" />
          <button type="submit" name="intent" value="preview" className="button button--secondary">
            Prévisualiser
          </button>
        </div>
      </Form>
    </>
  );
}

/** Fills the message with the report template for a "retour", or empties it for another type, unless the member wrote in it. */
function applyTemplate(kind: string): void {
  const body = document.getElementById("body");
  if (!(body instanceof HTMLTextAreaElement)) return;
  const untouched = body.value.trim() === "" || body.value === reportTemplate;
  if (!untouched) return;
  const next = kind === "retour" ? reportTemplate : "";
  if (body.value !== next) body.value = next;
}
