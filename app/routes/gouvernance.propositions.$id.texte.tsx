import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { getUser, requireUser } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert, InputField, TextareaField, type FieldErrors } from "~/components/form";
import { ArticleList } from "~/components/governance/article-list";
import { ProposalBreadcrumb } from "~/components/governance/proposal-breadcrumb";
import { StatusBadge } from "~/components/governance/status-badge";
import { VersionList } from "~/components/governance/version-list";
import { getDb } from "~/db.server";
import { threadPath } from "~/forum/slug";
import { requireReadableProposal } from "~/governance/access.server";
import { parseVersionForm, REFERENCE_TEXT_MAX, VERSION_COMMENT_MAX } from "~/governance/forms";
import { articleCommentCounts, journalRefusedVersion, latestVersion, listVersions, renderArticles, saveVersion } from "~/governance/versions.server";
import { textField } from "~/lib/form-data";
import { parseId } from "~/lib/ids";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Texte de référence de « ${data.thread.title} » · OpenENT Échanges` : "OpenENT Échanges" },
];

function threadId(param: string | undefined): number {
  const id = parseId(param);
  if (!id) throw new Response("Proposition introuvable", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const user = await getUser(request);
  const thread = await requireReadableProposal(db, request, user, threadId(params.id));
  const [versions, latest] = await Promise.all([listVersions(db, thread.id), latestVersion(db, thread.id)]);
  const counts = latest ? await articleCommentCounts(db, latest.id) : {};
  return {
    thread: { id: thread.id, slug: thread.slug, title: thread.title, status: thread.governanceStatus!, locked: thread.locked },
    versions,
    latest: latest ? { id: latest.id, number: latest.number, markdown: latest.markdown, articles: renderArticles(latest.markdown) } : null,
    counts,
    canEdit: can(user, "governance.manage"),
    canReply: can(user, "post.reply") && !thread.locked,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const thread = await requireReadableProposal(db, request, user, threadId(params.id));
  const form = await request.formData();
  const values = { body: textField(form, "body"), comment: textField(form, "comment"), base: textField(form, "base") };
  if (!can(user, "governance.manage")) {
    await journalRefusedVersion(db, user, thread.id);
    throw new Response("Vous n'avez pas le droit d'enregistrer une version : la tentative a été enregistrée au journal.", { status: 403 });
  }
  const parsed = parseVersionForm(values);
  if (!parsed.ok) return data({ values, errors: parsed.errors, current: null }, { status: 400 });
  const result = await saveVersion(db, user, thread.id, parsed.input);
  if (result.ok) return redirect(`/gouvernance/propositions/${thread.id}/texte?version=${result.number}#versions`);
  if (result.status === 403 || result.status === 404) throw new Response(result.errors.form ?? "Accès refusé", { status: result.status });
  const current = result.current ? { number: result.current.number, markdown: result.current.markdown, authorName: result.current.authorName } : null;
  // After a conflict the next save is based on the version now current (the user has seen it).
  return data({ values: { ...values, base: String(current?.number ?? values.base) }, errors: result.errors, current }, { status: result.status });
}

export default function ReferenceText() {
  const { thread, versions, latest, counts, canEdit, canReply } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors = actionData?.errors ?? {};
  const path = threadPath(thread);
  return (
    <>
      <ProposalBreadcrumb thread={thread} current="Texte de référence" />
      <h1>Texte de référence : {thread.title}</h1>
      <p>
        Proposition <StatusBadge status={thread.status} /> · <Link to={path}>Discussion</Link>
      </p>
      {latest ? (
        <section aria-labelledby="texte-titre">
          <h2 id="texte-titre">
            Version en vigueur : <Link to={`/gouvernance/versions/${latest.id}`}>version {latest.number}</Link>
          </h2>
          <ArticleList articles={latest.articles} versionId={latest.id} threadPath={path} counts={counts} canReply={canReply} />
        </section>
      ) : (
        <p>Cette proposition n'a pas encore de texte de référence.</p>
      )}
      <section id="versions" aria-labelledby="versions-titre">
        <h2 id="versions-titre">Versions</h2>
        <VersionList versions={versions} />
      </section>
      {canEdit ? (
        <section id="nouvelle-version" aria-labelledby="nouvelle-version-titre">
          <h2 id="nouvelle-version-titre">{latest ? "Enregistrer une nouvelle version" : "Ajouter le texte de référence"}</h2>
          {actionData?.current ? (
            <section className="conflict" aria-labelledby="conflit-titre">
              <h3 id="conflit-titre">Version {actionData.current.number} enregistrée entre-temps{actionData.current.authorName ? ` par ${actionData.current.authorName}` : ""}</h3>
              <pre className="conflict__text" data-testid="conflict-current">{actionData.current.markdown}</pre>
              <p>Votre texte, non enregistré, est resté dans le champ ci-dessous.</p>
            </section>
          ) : null}
          <Form method="post" action={`/gouvernance/propositions/${thread.id}/texte#nouvelle-version`} className="stack-form stack-form--wide" noValidate>
            {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
            <input type="hidden" name="base" value={actionData?.values.base ?? String(latest?.number ?? 0)} />
            <TextareaField
              id="body"
              name="body"
              label="Texte (Markdown)"
              hint={`Un titre « ## Article 1 — Objet » commence chaque article. ${REFERENCE_TEXT_MAX.toLocaleString("fr-FR")} caractères au plus.`}
              rows={18}
              defaultValue={actionData?.values.body ?? latest?.markdown ?? "## Article 1 — Objet\n\n"}
              error={errors.body}
            />
            <InputField id="comment" name="comment" label="Ce que change cette version" maxLength={VERSION_COMMENT_MAX} required defaultValue={actionData?.values.comment ?? ""} error={errors.comment} />
            <div className="form-actions">
              <button type="submit" className="button">
                Enregistrer la version {(latest?.number ?? 0) + 1}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
