import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { canDiscipline, roleLabels } from "~/auth/permissions";
import { FormAlert, InputField, TextareaField, type FieldErrors } from "~/components/form";
import { database } from "~/db.server";
import { formatParisDateTime } from "~/lib/format";
import { textField } from "~/lib/form-data";
import { parseId } from "~/lib/ids";
import { parseSuspensionForm } from "~/members/suspension-form";
import { findMemberDiscipline, liftSuspension, suspendUntil } from "~/members/suspensions.server";
import { requireModerator } from "~/moderation/guard.server";
import { checkReason, REASON_MAX, type FormErrors } from "~/moderation/moderation-form";
import { warnMember } from "~/moderation/warnings.server";

export const meta: MetaFunction = () => [{ title: "Avertir ou suspendre un membre · OpenENT Échanges" }];

async function findMember(idParam: string | undefined) {
  const id = parseId(idParam);
  const handle = await database();
  const member = id ? await findMemberDiscipline(handle.db, id) : null;
  if (!member) throw new Response("Membre introuvable", { status: 404 });
  return { handle, member };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "member.warn");
  const { member } = await findMember(params.id);
  return { member, allowed: canDiscipline(user, member), done: new URL(request.url).searchParams.get("fait") };
}

type Intent = "warn" | "suspend" | "unsuspend";

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const raw = textField(form, "intent");
  const intent: Intent = raw === "suspend" || raw === "unsuspend" ? raw : "warn";
  const user = await requireModerator(request, intent === "warn" ? "member.warn" : "member.suspend", `member.${intent}`);
  const { handle, member } = await findMember(params.id);
  const values = { warning: textField(form, "warning"), until: textField(form, "until"), reason: textField(form, "reason") };
  const errors: FormErrors = {};
  let result;
  if (intent === "warn") {
    const reason = checkReason(values.warning, errors, "warning");
    if (reason === "" && errors.warning) errors.warning = "Écrivez l'avertissement : le membre le lira.";
    if (Object.keys(errors).length > 0) return data({ intent, values, errors }, { status: 400 });
    result = await warnMember(handle.db, user, member.id, reason);
  } else if (intent === "suspend") {
    const parsed = parseSuspensionForm(values, new Date());
    if (!parsed.ok) return data({ intent, values, errors: parsed.errors }, { status: 400 });
    result = await suspendUntil(handle.db, handle.pool, user, member.id, parsed);
  } else {
    result = await liftSuspension(handle.db, user, member.id);
  }
  if (!result.ok) return data({ intent, values, errors: result.errors }, { status: result.status });
  return redirect(`/membres/${member.id}/moderation?fait=${intent}`);
}

const doneMessages: Record<string, string> = {
  warn: "L'avertissement est envoyé : le membre le verra en haut de chaque page jusqu'à en avoir pris connaissance, et le reçoit par courriel.",
  suspend: "Le compte est suspendu : ses sessions sont fermées.",
  unsuspend: "La suspension est levée.",
};

export default function MemberModeration() {
  const { member, allowed, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorsFor = (intent: Intent): FieldErrors => (actionData && actionData.intent === intent ? actionData.errors : {});
  const values = actionData?.values ?? { warning: "", until: "", reason: "" };
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to={`/membres/${member.id}`}>{member.displayName}</Link>
          </li>
          <li aria-current="page">Avertir ou suspendre</li>
        </ol>
      </nav>
      <h1>Avertir ou suspendre {member.displayName}</h1>
      <p>
        {roleLabels[member.role]}
        {member.pendingWarnings > 0 ? ` · ${member.pendingWarnings} avertissement${member.pendingWarnings > 1 ? "s" : ""} pas encore lu${member.pendingWarnings > 1 ? "s" : ""}` : ""}
      </p>
      {done && doneMessages[done] && !actionData ? <FormAlert tone="success">{doneMessages[done]}</FormAlert> : null}
      {!allowed ? (
        <p>Vous ne pouvez ni avertir ni suspendre ce membre (vous-même, un modérateur ou un administrateur).</p>
      ) : (
        <>
          <section aria-labelledby="avertir">
            <h2 id="avertir">Avertir</h2>
            <Form method="post" className="stack-form" noValidate>
              {errorsFor("warn").form ? <FormAlert>{errorsFor("warn").form}</FormAlert> : null}
              <TextareaField
                id="warning"
                name="warning"
                label="Avertissement"
                hint={`Privé : seul le membre le lit (en haut des pages jusqu'à ce qu'il en prenne connaissance, et par courriel) ; gardé au journal. ${REASON_MAX} caractères au plus.`}
                rows={4}
                defaultValue={values.warning}
                error={errorsFor("warn").warning}
              />
              <button type="submit" name="intent" value="warn" className="button">
                Envoyer l'avertissement
              </button>
            </Form>
          </section>
          <section aria-labelledby="suspendre">
            <h2 id="suspendre">Suspendre pour une durée</h2>
            {member.suspendedUntil ? (
              <Form method="post" className="stack-form" noValidate>
                <p>
                  Suspendu jusqu'au {formatParisDateTime(member.suspendedUntil)}
                  {member.suspensionReason ? ` : « ${member.suspensionReason} »` : ""}.
                </p>
                {errorsFor("unsuspend").form ? <FormAlert>{errorsFor("unsuspend").form}</FormAlert> : null}
                <button type="submit" name="intent" value="unsuspend" className="button button--secondary">
                  Lever la suspension
                </button>
              </Form>
            ) : null}
            <Form method="post" className="stack-form" noValidate>
              {errorsFor("suspend").form ? <FormAlert>{errorsFor("suspend").form}</FormAlert> : null}
              <p className="muted">
                Le membre ne peut plus se connecter jusqu'à la fin du jour choisi (heure de Paris) ; ses sessions sont fermées
                tout de suite. La suspension prend fin d'elle-même à cette date.
              </p>
              <InputField id="until" name="until" type="date" label="Jusqu'au" hint="Inclus, au plus dans un an (format jj/mm/aaaa)." defaultValue={values.until} error={errorsFor("suspend").until} />
              <TextareaField
                id="reason"
                name="reason"
                label="Raison"
                hint={`Le membre la lit s'il essaie de se connecter (${REASON_MAX} caractères au plus).`}
                rows={3}
                defaultValue={values.reason}
                error={errorsFor("suspend").reason}
              />
              <button type="submit" name="intent" value="suspend" className="button button--danger">
                {member.suspendedUntil ? "Changer la suspension" : "Suspendre"}
              </button>
            </Form>
          </section>
        </>
      )}
      <p>
        <Link to={`/membres/${member.id}`}>Retour au profil</Link>
      </p>
    </>
  );
}
