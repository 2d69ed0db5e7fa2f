import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { isSecureRequest, requireAnonymous } from "~/auth/guards.server";
import { roleLabels } from "~/auth/permissions";
import { startSession } from "~/auth/session.server";
import { FormAlert, InputField, type FieldErrors } from "~/components/form";
import { NewPasswordFields } from "~/components/new-password-fields";
import { database } from "~/db.server";
import { acceptInvitation, findInvitationByToken } from "~/invitations/invitations.server";
import { textField } from "~/lib/form-data";
import { retryAfterHeaders } from "~/lib/http.server";
import { hitRateLimit, retryMessage, rules } from "~/security/rate-limit.server";

export const meta: MetaFunction = () => [
  { title: "Rejoindre OpenENT Échanges" },
  // The link is a secret: keep it out of Referer headers sent to other sites.
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const { db } = await database();
  const invitation = await findInvitationByToken(db, params.token ?? "");
  if (invitation.status !== "valid") return data({ invitation: null }, { status: 410 });
  return { invitation };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const handle = await database();
  const form = await request.formData();
  const values = { displayName: textField(form, "displayName") };
  const limit = await hitRateLimit(handle.db, rules.invitationAcceptPerIp, context.clientAddress);
  if (!limit.allowed) {
    return data(
      { errors: {} as FieldErrors, values, message: retryMessage(limit.retryAfterSeconds) },
      { status: 429, headers: retryAfterHeaders(limit.retryAfterSeconds) },
    );
  }
  const result = await acceptInvitation(handle.db, params.token ?? "", {
    displayName: values.displayName,
    password: textField(form, "password"),
    confirmation: textField(form, "confirmation"),
  });
  if (!result.ok) {
    if ("invalid" in result) {
      return data({ errors: {} as FieldErrors, values, message: "Cette invitation n'est plus valable." }, { status: 410 });
    }
    return data({ errors: result.errors, values, message: null }, { status: 400 });
  }
  const cookie = await startSession(handle.pool, result.value.userId, isSecureRequest(request));
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export default function AcceptInvitation() {
  const { invitation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (!invitation) {
    return (
      <>
        <h1>Cette invitation n'est plus valable</h1>
        <p>
          Le lien a expiré, a déjà servi ou a été révoqué. Demandez une nouvelle invitation à la personne qui vous a
          invité, ou <Link to="/connexion">connectez-vous</Link> si vous avez déjà un compte.
        </p>
      </>
    );
  }
  const errors = actionData?.errors ?? {};
  return (
    <>
      <h1>Rejoindre OpenENT Échanges</h1>
      <p>
        Vous êtes invité en tant que <strong>{roleLabels[invitation.role].toLowerCase()}</strong>
        {invitation.collectiviteName ? (
          <>
            {" "}
            pour <strong>{invitation.collectiviteName}</strong>
          </>
        ) : null}
        . Choisissez le nom sous lequel les autres membres vous verront et votre mot de passe.
      </p>
      {actionData?.message ? <FormAlert>{actionData.message}</FormAlert> : null}
      <Form method="post" className="stack-form" noValidate>
        <InputField id="email" name="email" type="email" label="Adresse e-mail" value={invitation.email} readOnly autoComplete="username" />
        <InputField
          id="displayName"
          name="displayName"
          label="Nom d'affichage"
          hint="Par exemple votre prénom et votre nom, tels que vos collègues les connaissent."
          required
          autoComplete="name"
          defaultValue={actionData?.values.displayName ?? ""}
          error={errors.displayName}
        />
        <NewPasswordFields errors={errors} label="Mot de passe" />
        <div>
          <button type="submit" className="button">
            Créer mon compte
          </button>
        </div>
      </Form>
    </>
  );
}
