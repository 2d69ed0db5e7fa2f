import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { isSecureRequest } from "~/auth/guards.server";
import { completePasswordReset, findValidReset } from "~/auth/password-reset.server";
import { passwordProblem } from "~/auth/password-policy";
import { startSession } from "~/auth/session.server";
import { FormAlert, InputField, type FieldErrors } from "~/components/form";
import { NewPasswordFields } from "~/components/new-password-fields";
import { database } from "~/db.server";
import { textField } from "~/lib/form-data";

export const meta: MetaFunction = () => [
  { title: "Nouveau mot de passe · OpenENT Échanges" },
  // The link is a secret: keep it out of Referer headers sent to other sites.
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const { db } = await database();
  const reset = await findValidReset(db, params.token ?? "");
  if (!reset) return data({ email: null }, { status: 410 });
  return { email: reset.email };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const handle = await database();
  const token = params.token ?? "";
  const form = await request.formData();
  const password = textField(form, "password");
  const confirmation = textField(form, "confirmation");
  const reset = await findValidReset(handle.db, token);
  if (!reset) return data({ errors: {} as FieldErrors, invalid: true }, { status: 410 });

  const errors: FieldErrors = {};
  const weak = passwordProblem(password, { email: reset.email, displayName: reset.displayName });
  if (weak) errors.password = weak;
  else if (password !== confirmation) errors.confirmation = "Les deux mots de passe ne correspondent pas.";
  // Never send a password back: the fields come back empty.
  if (Object.keys(errors).length > 0) return data({ errors, invalid: false }, { status: 400 });

  const result = await completePasswordReset(handle.db, token, password);
  if (!result.ok) return data({ errors: {} as FieldErrors, invalid: true }, { status: 410 });
  const cookie = await startSession(handle.pool, result.userId, isSecureRequest(request));
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export default function ResetPassword() {
  const { email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (!email || actionData?.invalid) {
    return (
      <>
        <h1>Ce lien n'est plus valable</h1>
        <p>
          Le lien a expiré (il n'est valable qu'une heure) ou a déjà servi. Vous pouvez{" "}
          <Link to="/mot-de-passe-oublie">demander un nouveau lien</Link>.
        </p>
      </>
    );
  }
  const errors = actionData?.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <>
      <h1>Choisir un nouveau mot de passe</h1>
      <p>Après l'enregistrement, vous serez connecté, et toutes vos autres sessions seront fermées.</p>
      {hasErrors ? <FormAlert>Le mot de passe n'a pas été changé : corrigez les champs signalés.</FormAlert> : null}
      <Form method="post" className="stack-form" noValidate>
        <InputField id="email" name="email" type="email" label="Adresse e-mail" value={email} readOnly autoComplete="username" />
        <NewPasswordFields errors={errors} />
        <div>
          <button type="submit" className="button">
            Enregistrer le mot de passe
          </button>
        </div>
      </Form>
    </>
  );
}
