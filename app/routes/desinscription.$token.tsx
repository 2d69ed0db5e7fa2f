import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { FormAlert } from "~/components/form";
import { getDb } from "~/db.server";
import { checkUnsubscribeToken, unsubscribeWithToken, type TokenCheck } from "~/notifications/unsubscribe.server";

export const meta: MetaFunction = () => [{ title: "Se désabonner des courriels · OpenENT Échanges" }];

/**
 * `/desinscription/<token>`: the unsubscribe link of every notification e-mail. No sign-in: the
 * signed token is the authority. GET only shows a confirmation (link scanners must not
 * unsubscribe anyone); POST — the button, or a mail client's RFC 8058 one-click — unsubscribes.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const check = await checkUnsubscribeToken(await getDb(), params.token);
  return data({ status: check.status }, { status: check.status === "valid" ? 200 : 400 });
}

export async function action({ params }: ActionFunctionArgs) {
  const result = await unsubscribeWithToken(await getDb(), params.token);
  return data({ status: result.status, done: result.status === "valid" }, { status: result.status === "valid" ? 200 : 400 });
}

const problems: Record<Exclude<TokenCheck["status"], "valid">, string> = {
  invalid: "Ce lien de désinscription n'est pas valide : il a peut-être été mal copié. Rien n'a été modifié.",
  expired: "Ce lien de désinscription a expiré. Rien n'a été modifié : utilisez le lien d'un courriel plus récent, ou réglez vos courriels dans Mon compte.",
};

export default function Unsubscribe() {
  const { status } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const current = actionData?.status ?? status;
  return (
    <section aria-labelledby="desinscription-titre" className="narrow">
      <h1 id="desinscription-titre">Courriels de notification</h1>
      {actionData?.done ? (
        <FormAlert tone="success">
          C'est fait : vous ne recevrez plus de courriels de notification. Vos notifications restent visibles sur le site.
        </FormAlert>
      ) : current !== "valid" ? (
        <FormAlert>{problems[current]}</FormAlert>
      ) : (
        <>
          <p>Ne plus recevoir aucun courriel de notification (ni immédiat, ni résumé) ? Vos notifications resteront visibles sur le site.</p>
          <Form method="post">
            <button type="submit" className="button">
              Me désabonner des courriels
            </button>
          </Form>
        </>
      )}
      <p>
        Vous pourrez choisir à nouveau quand recevoir des courriels dans <Link to="/compte#notifications">Mon compte</Link>.
      </p>
    </section>
  );
}
