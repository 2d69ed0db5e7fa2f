import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";

import { requestPasswordReset, RESET_LIFETIME_MINUTES } from "~/auth/password-reset.server";
import { normalizeEmail } from "~/auth/users.server";
import { FormAlert, InputField, type FieldErrors } from "~/components/form";
import { getDb } from "~/db.server";
import { isEmailAddress } from "~/lib/email";
import { textField } from "~/lib/form-data";
import { publicOrigin } from "~/lib/origin.server";
import { retryAfterHeaders } from "~/lib/http.server";
import { hitRateLimit, retryMessage, rules } from "~/security/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Mot de passe oublié · OpenENT Échanges" }];

const confirmation =
  "Si un compte correspond à cette adresse, un e-mail vient de lui être envoyé avec un lien pour choisir un nouveau " +
  `mot de passe. Ce lien est valable ${RESET_LIFETIME_MINUTES} minutes. Pensez à regarder dans vos courriers indésirables.`;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = { email: textField(form, "email").trim() };
  const errors: FieldErrors = {};
  if (!values.email) errors.email = "Indiquez votre adresse e-mail.";
  else if (!isEmailAddress(normalizeEmail(values.email))) {
    errors.email = "Indiquez une adresse e-mail valide, par exemple prenom.nom@collectivite.fr.";
  }
  if (Object.keys(errors).length > 0) return data({ errors, values, message: null, sent: false }, { status: 400 });

  const db = await getDb();
  const perIp = await hitRateLimit(db, rules.resetPerIp, context.clientAddress);
  if (!perIp.allowed) {
    return data(
      { errors, values, message: retryMessage(perIp.retryAfterSeconds), sent: false },
      { status: 429, headers: retryAfterHeaders(perIp.retryAfterSeconds) },
    );
  }
  // Past the per-address limit, nothing is sent, but the answer is the same as for any address:
  // it must not tell whether an account exists.
  const perAccount = await hitRateLimit(db, rules.resetPerAccount, normalizeEmail(values.email));
  if (perAccount.allowed) await requestPasswordReset(db, values.email, { baseUrl: publicOrigin() });
  return { errors, values, message: confirmation, sent: true };
}

export default function ForgottenPassword() {
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? {};
  return (
    <>
      <h1>Mot de passe oublié</h1>
      <p>
        Indiquez l'adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.
      </p>
      {actionData?.message ? <FormAlert tone={actionData.sent ? "success" : "error"}>{actionData.message}</FormAlert> : null}
      <Form method="post" className="stack-form" noValidate>
        <InputField
          id="email"
          name="email"
          type="email"
          label="Adresse e-mail"
          autoComplete="username"
          required
          defaultValue={actionData?.values.email ?? ""}
          error={errors.email}
        />
        <div>
          <button type="submit" className="button">
            Recevoir un lien
          </button>
        </div>
      </Form>
      <p>
        <Link to="/connexion">Retour à la connexion</Link>
      </p>
    </>
  );
}
