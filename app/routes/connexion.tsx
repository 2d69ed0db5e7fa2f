import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";

import { isSecureRequest, requireAnonymous, safeRedirect } from "~/auth/guards.server";
import { formatParisDateTime } from "~/lib/format";
import { deviceCookieName, serializeDeviceCookie } from "~/auth/device-cookie.server";
import { readCookie, startSession } from "~/auth/session.server";
import { signIn } from "~/auth/sign-in.server";
import { FormAlert, InputField, type FieldErrors } from "~/components/form";
import { database } from "~/db.server";
import { textField } from "~/lib/form-data";
import { retryAfterHeaders } from "~/lib/http.server";
import { hasNulCharacter } from "~/lib/text-rules";
import { retryMessage } from "~/security/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Connexion · OpenENT Échanges" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const form = await request.formData();
  const values = { email: textField(form, "email").trim(), retour: textField(form, "retour") };
  const password = textField(form, "password");
  const errors: FieldErrors = {};
  if (!values.email) errors.email = "Indiquez votre adresse e-mail.";
  else if (hasNulCharacter(values.email) || values.email.length > 320) {
    errors.email = "Cette adresse e-mail n'est pas valide.";
    values.email = values.email.replaceAll("\0", "").slice(0, 320);
  }
  if (!password) errors.password = "Indiquez votre mot de passe.";
  if (Object.keys(errors).length > 0) return data({ errors, values, message: null }, { status: 400 });

  const handle = await database();
  const secure = isSecureRequest(request);
  const result = await signIn(handle.db, {
    email: values.email,
    password,
    clientAddress: context.clientAddress,
    deviceCookie: readCookie(request.headers.get("Cookie"), deviceCookieName(secure)),
  });
  if (!result.ok) {
    if (result.reason === "rate_limited") {
      const message = retryMessage(result.retryAfterSeconds);
      return data({ errors: {} as FieldErrors, values, message }, { status: 429, headers: retryAfterHeaders(result.retryAfterSeconds) });
    }
    const [status, message] =
      result.reason === "suspended_until"
        ? [403, `Votre compte est suspendu jusqu'au ${formatParisDateTime(result.until)}.${result.why ? ` Raison : ${result.why}` : ""}`]
        : result.reason === "suspended"
          ? [403, "Ce compte est suspendu. Contactez un administrateur de l'association."]
          : [400, "Adresse e-mail ou mot de passe incorrect."];
    return data({ errors: {} as FieldErrors, values, message }, { status });
  }
  // Checked before the session exists: nothing after it may fail.
  const target = safeRedirect(values.retour);
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(handle.pool, result.userId, secure));
  headers.append("Set-Cookie", serializeDeviceCookie(result.deviceCookie, secure));
  return redirect(target, { headers });
}

export default function SignIn() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const values = actionData?.values ?? { email: "", retour: searchParams.get("retour") ?? "" };
  const errors = actionData?.errors ?? {};
  return (
    <>
      <h1>Connexion</h1>
      <p>L'espace d'échange est réservé aux membres invités par l'association.</p>
      {actionData?.message ? <FormAlert>{actionData.message}</FormAlert> : null}
      <Form method="post" className="stack-form" noValidate>
        <input type="hidden" name="retour" value={values.retour} />
        <InputField
          id="email"
          name="email"
          type="email"
          label="Adresse e-mail"
          autoComplete="username"
          required
          defaultValue={values.email}
          error={errors.email}
        />
        <InputField
          id="password"
          name="password"
          type="password"
          label="Mot de passe"
          autoComplete="current-password"
          required
          error={errors.password}
        />
        <div>
          <button type="submit" className="button">
            Se connecter
          </button>
        </div>
      </Form>
      <p>
        <Link to="/mot-de-passe-oublie">Mot de passe oublié ?</Link>
      </p>
    </>
  );
}
