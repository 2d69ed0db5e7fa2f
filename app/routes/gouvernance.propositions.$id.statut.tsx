import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { requireUser } from "~/auth/guards.server";
import { FormAlert, InputField, SelectField, TextareaField, type FieldErrors } from "~/components/form";
import { ProposalBreadcrumb } from "~/components/governance/proposal-breadcrumb";
import { StatusBadge } from "~/components/governance/status-badge";
import { getDb } from "~/db.server";
import { threadPath } from "~/forum/slug";
import { requireReadableProposal } from "~/governance/access.server";
import { BODY_MAX, COMMENT_MAX, parseStatusForm, SUMMARY_MAX, type StatusFormValues } from "~/governance/forms";
import { changeStatus, journalRefusedMove, mayMove } from "~/governance/proposals.server";
import { isDecision, isGovernanceStatus, statusLabels, transitionLabels, transitions } from "~/governance/statuses";
import { listVersions } from "~/governance/versions.server";
import { textField } from "~/lib/form-data";
import { parseId } from "~/lib/ids";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Statut de « ${data.thread.title} » · OpenENT Échanges` : "OpenENT Échanges" },
];

async function load(request: Request, idParam: string | undefined) {
  const user = await requireUser(request);
  const db = await getDb();
  const id = parseId(idParam);
  if (!id) throw new Response("Proposition introuvable", { status: 404 });
  const thread = await requireReadableProposal(db, request, user, id);
  return { user, db, thread };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, thread } = await load(request, params.id);
  const status = thread.governanceStatus!;
  const moves = transitions[status].filter((to) => mayMove(user, thread.authorId, to));
  if (moves.length === 0) throw new Response("Votre rôle ne permet pas de changer le statut de cette proposition.", { status: 403 });
  const requested = new URL(request.url).searchParams.get("vers") ?? "";
  const to = moves.find((m) => m === requested) ?? moves[0]!;
  const versions = isDecision(to) ? await listVersions(db, thread.id) : [];
  return {
    thread: { id: thread.id, slug: thread.slug, title: thread.title },
    status,
    moves,
    to,
    versions: versions.map((v) => ({ id: v.id, number: v.number, comment: v.comment })),
    today: new Date().toISOString().slice(0, 10),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, thread } = await load(request, params.id);
  const form = await request.formData();
  const values: StatusFormValues = {
    to: textField(form, "to"),
    from: textField(form, "from"),
    comment: textField(form, "comment"),
    decidedOn: textField(form, "decidedOn"),
    decidingBody: textField(form, "decidingBody"),
    votesFor: textField(form, "votesFor"),
    votesAgainst: textField(form, "votesAgainst"),
    abstentions: textField(form, "abstentions"),
    summary: textField(form, "summary"),
    versionId: textField(form, "versionId"),
  };
  // The right is checked before the form: a délégué probing this form is refused and journaled.
  if (!mayMove(user, thread.authorId, isGovernanceStatus(values.to) ? values.to : "adoptee")) {
    await journalRefusedMove(db, user, thread.id, values.to);
    throw new Response("Vous n'avez pas le droit de changer le statut de cette proposition : la tentative a été enregistrée au journal.", { status: 403 });
  }
  const parsed = parseStatusForm(values);
  if (!parsed.ok) return data({ values, errors: parsed.errors }, { status: 400 });
  const result = await changeStatus(db, user, thread.id, parsed.input);
  if (result.ok) return redirect(`${threadPath(thread)}#proposition`);
  if (result.status === 403 || result.status === 404) throw new Response(result.errors.form ?? "Accès refusé", { status: result.status });
  return data({ values, errors: result.errors }, { status: result.status });
}

export default function ProposalStatus() {
  const { thread, status, moves, to: requested, versions, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors = actionData?.errors ?? {};
  const values = actionData?.values;
  const to = values && isGovernanceStatus(values.to) && moves.includes(values.to) ? values.to : requested;
  const decision = isDecision(to);
  const path = threadPath(thread);
  return (
    <>
      <ProposalBreadcrumb thread={thread} current="Statut" />
      <h1>{transitionLabels[to]}</h1>
      <p>
        Statut actuel : <StatusBadge status={status} />. Nouveau statut : <strong>{statusLabels[to]}</strong>.
      </p>
      {moves.length > 1 ? (
        <nav aria-label="Autres changements possibles">
          <p>
            Autres changements possibles :{" "}
            {moves
              .filter((m) => m !== to)
              .map((m, i) => (
                <span key={m}>
                  {i > 0 ? " · " : null}
                  <Link to={`?vers=${m}`}>{transitionLabels[m]}</Link>
                </span>
              ))}
          </p>
        </nav>
      ) : null}
      <Form method="post" className="stack-form stack-form--wide" noValidate>
        {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
        <input type="hidden" name="to" value={to} />
        <input type="hidden" name="from" value={status} />
        {decision ? (
          <fieldset className="fieldset">
            <legend>La décision</legend>
            <InputField id="decidingBody" name="decidingBody" label="Instance qui a décidé" hint="Par exemple : assemblée générale du 12 mars 2026." maxLength={BODY_MAX} required defaultValue={values?.decidingBody ?? ""} error={errors.decidingBody} />
            <InputField id="decidedOn" name="decidedOn" type="date" label="Date de la décision" hint="Format AAAA-MM-JJ." required defaultValue={values?.decidedOn ?? today} error={errors.decidedOn} />
            <fieldset className="fieldset fieldset--inline">
              <legend>Votes (facultatif)</legend>
              <InputField id="votesFor" name="votesFor" label="Pour" inputMode="numeric" defaultValue={values?.votesFor ?? ""} error={errors.votesFor} />
              <InputField id="votesAgainst" name="votesAgainst" label="Contre" inputMode="numeric" defaultValue={values?.votesAgainst ?? ""} error={errors.votesAgainst} />
              <InputField id="abstentions" name="abstentions" label="Abstentions" inputMode="numeric" defaultValue={values?.abstentions ?? ""} error={errors.abstentions} />
            </fieldset>
            <TextareaField id="summary" name="summary" label="Résumé de la décision" rows={5} maxLength={SUMMARY_MAX} required defaultValue={values?.summary ?? ""} error={errors.summary} />
            <SelectField
              id="versionId"
              name="versionId"
              label={to === "adoptee" ? "Version du texte de référence adoptée" : "Version du texte de référence soumise"}
              defaultValue={values?.versionId ?? String(versions[0]?.id ?? "")}
              error={errors.versionId}
            >
              <option value="">Aucune</option>
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  Version {v.number} — {v.comment}
                </option>
              ))}
            </SelectField>
            <p className="muted">Le fil sera verrouillé ; un modérateur peut rouvrir la décision en remettant la proposition en discussion.</p>
          </fieldset>
        ) : null}
        <TextareaField id="comment" name="comment" label="Commentaire (facultatif)" hint="Affiché dans le fil avec le changement de statut." rows={3} maxLength={COMMENT_MAX} defaultValue={values?.comment ?? ""} error={errors.comment} />
        <div className="form-actions">
          <button type="submit" className="button">
            {transitionLabels[to]}
          </button>
          <Link to={path}>Annuler</Link>
        </div>
      </Form>
    </>
  );
}
