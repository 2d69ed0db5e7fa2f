import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { listCollectiviteChoices } from "~/collectivites/collectivites.server";
import { invitableRoles, roleLabels, roleNeedsCollectivite } from "~/auth/permissions";
import { FormAlert, InputField, SelectField, type FieldErrors } from "~/components/form";
import { getDb } from "~/db.server";
import {
  createInvitation,
  listPendingInvitations,
  resendInvitation,
  revokeInvitation,
} from "~/invitations/invitations.server";
import { formatDateTime } from "~/lib/dates";
import { textField } from "~/lib/form-data";
import { parseId } from "~/lib/ids";
import { publicOrigin } from "~/lib/origin.server";
import { retryAfterHeaders } from "~/lib/http.server";
import { hitRateLimit, retryMessage, rules } from "~/security/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Invitations · OpenENT Échanges" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "invitation.manage");
  const db = await getDb();
  const [invitations, collectivites] = await Promise.all([
    listPendingInvitations(db),
    listCollectiviteChoices(db),
  ]);
  return { invitations, collectivites, roles: invitableRoles(user) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "invitation.manage");
  const db = await getDb();
  const form = await request.formData();
  const intent = textField(form, "intent");
  const inviter = { id: user.id, role: user.role, status: user.status, displayName: user.displayName };

  if (intent === "resend" || intent === "revoke") {
    const id = parseId(textField(form, "id")) ?? 0;
    const done = intent === "resend"
      ? await resendInvitation(db, inviter, id, publicOrigin())
      : await revokeInvitation(db, inviter, id);
    if (!done) return data({ notice: null, error: "Cette invitation n'existe plus ou ne peut pas être modifiée.", errors: {} as FieldErrors, values: null }, { status: 404 });
    return { notice: intent === "resend" ? "L'invitation a été renvoyée avec un nouveau lien." : "L'invitation a été révoquée.", error: null, errors: {} as FieldErrors, values: null };
  }

  const values = {
    email: textField(form, "email").trim(),
    role: textField(form, "role"),
    collectiviteId: textField(form, "collectiviteId"),
  };
  const limit = await hitRateLimit(db, rules.invitationSendPerActor, String(user.id));
  if (!limit.allowed) {
    return data(
      { notice: null, error: retryMessage(limit.retryAfterSeconds), errors: {} as FieldErrors, values },
      { status: 429, headers: retryAfterHeaders(limit.retryAfterSeconds) },
    );
  }
  // An id that is not a database id (too large, negative, text) names no collectivité: 0 matches none.
  const collectiviteId = values.collectiviteId ? (parseId(values.collectiviteId) ?? 0) : null;
  const result = await createInvitation(db, inviter, { email: values.email, role: values.role, collectiviteId }, publicOrigin());
  if (!result.ok) return data({ notice: null, error: null, errors: result.errors, values }, { status: 400 });
  return { notice: `Invitation envoyée à ${values.email.toLowerCase()}.`, error: null, errors: {} as FieldErrors, values: null };
}

export default function Invitations() {
  const { invitations, collectivites, roles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? { email: "", role: "delegate", collectiviteId: "" };
  const errors = actionData?.errors ?? {};
  return (
    <>
      <h1>Invitations</h1>
      {actionData?.notice ? <FormAlert tone="success">{actionData.notice}</FormAlert> : null}
      {actionData?.error ? <FormAlert>{actionData.error}</FormAlert> : null}

      <section aria-labelledby="new-invitation">
        <h2 id="new-invitation">Inviter un membre</h2>
        <p>
          La personne reçoit un lien personnel, valable 7 jours, pour choisir son nom d'affichage et son mot de passe.
          La collectivité est obligatoire pour les délégués et les modérateurs.
        </p>
        <Form method="post" className="stack-form" noValidate>
          <input type="hidden" name="intent" value="create" />
          <InputField id="email" name="email" type="email" label="Adresse e-mail" required defaultValue={values.email} error={errors.email} />
          <SelectField id="role" name="role" label="Rôle" defaultValue={values.role} error={errors.role}>
            {roles.map((role) => (
              <option key={role} value={role}>
                {roleLabels[role]}
                {roleNeedsCollectivite(role) ? "" : " (collectivité facultative)"}
              </option>
            ))}
          </SelectField>
          <SelectField id="collectiviteId" name="collectiviteId" label="Collectivité" defaultValue={values.collectiviteId} error={errors.collectiviteId}>
            <option value="">Aucune</option>
            {collectivites.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <div>
            <button type="submit" className="button">
              Envoyer l'invitation
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="pending-invitations">
        <h2 id="pending-invitations">Invitations en attente</h2>
        {invitations.length === 0 ? (
          <p>Aucune invitation en attente.</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Adresse</th>
                  <th scope="col">Rôle</th>
                  <th scope="col">Collectivité</th>
                  <th scope="col">Invité par</th>
                  <th scope="col">Envoyée le</th>
                  <th scope="col">Expiration</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((invitation) => (
                  <tr key={invitation.id}>
                    <th scope="row">{invitation.email}</th>
                    <td>{roleLabels[invitation.role]}</td>
                    <td>{invitation.collectiviteName ?? ""}</td>
                    <td>{invitation.inviterName}</td>
                    <td>{formatDateTime(invitation.lastSentAt)}</td>
                    <td>{invitation.expired ? <strong>Expirée</strong> : formatDateTime(invitation.expiresAt)}</td>
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="id" value={invitation.id} />
                        <button type="submit" name="intent" value="resend" className="button button--secondary">
                          Renvoyer<span className="visually-hidden"> l'invitation de {invitation.email}</span>
                        </button>{" "}
                        <button type="submit" name="intent" value="revoke" className="button button--secondary">
                          Révoquer<span className="visually-hidden"> l'invitation de {invitation.email}</span>
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
