import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { FormAlert } from "~/components/form";
import { getDb } from "~/db.server";
import { readSiteSettings, updateSiteSettings } from "~/governance/settings.server";
import { textField } from "~/lib/form-data";
import { requireModerator } from "~/moderation/guard.server";

export const meta: MetaFunction = () => [{ title: "Paramètres du site · OpenENT Échanges" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "settings.manage");
  return { settings: await readSiteSettings(await getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireModerator(request, "settings.manage", "settings.update");
  const form = await request.formData();
  const result = await updateSiteSettings(await getDb(), user, { delegatesMayPropose: textField(form, "delegatesMayPropose") === "oui" });
  if (result === "refused") throw new Response("Accès refusé", { status: 403 });
  return redirect(`/admin/parametres?fait=${result === "changed" ? "1" : "0"}`);
}

export default function SiteSettings() {
  const { settings } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const done = params.get("fait");
  return (
    <>
      <h1>Paramètres du site</h1>
      {done === "1" ? <FormAlert tone="success">Paramètres enregistrés (et notés au journal).</FormAlert> : null}
      {done === "0" ? <FormAlert tone="success">Rien n'a changé.</FormAlert> : null}
      <Form method="post" className="stack-form">
        <fieldset className="fieldset">
          <legend>Propositions de gouvernance</legend>
          <div className="field field--checkbox">
            <input type="checkbox" id="delegatesMayPropose" name="delegatesMayPropose" value="oui" defaultChecked={settings.delegatesMayPropose} />
            <label htmlFor="delegatesMayPropose">Les délégués peuvent ouvrir une proposition</label>
          </div>
          <p className="field__hint">Sinon, seuls les modérateurs (et les administrateurs) ouvrent des propositions.</p>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button">
            Enregistrer
          </button>
        </div>
      </Form>
    </>
  );
}
