import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { createCollectivite } from "~/collectivites/profile.server";
import { emptyProfileForm, parseProfileForm, readProfileForm } from "~/collectivites/profile-form";
import { CollectiviteForm } from "~/components/curation/collectivite-form";
import { getDb } from "~/db.server";
import { requireModerator } from "~/moderation/guard.server";

export const meta: MetaFunction = () => [{ title: "Ajouter une collectivité · OpenENT Échanges" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "collectivite.manage");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireModerator(request, "collectivite.manage", "collectivite.create");
  const values = readProfileForm(await request.formData());
  const parsed = parseProfileForm(values, { withSlug: true });
  if (!parsed.ok) return data({ values, errors: parsed.errors }, { status: 400 });
  const result = await createCollectivite(await getDb(), user, parsed.input, parsed.slug);
  if (result.ok) return redirect(`/collectivites/${result.collectivite.slug}`);
  return data({ values, errors: result.errors }, { status: result.status });
}

export default function NewCollectivite() {
  const actionData = useActionData<typeof action>();
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to="/collectivites">Tableau des ENT</Link>
          </li>
          <li aria-current="page">Ajouter une collectivité</li>
        </ol>
      </nav>
      <h1>Ajouter une collectivité</h1>
      <CollectiviteForm values={actionData?.values ?? emptyProfileForm} errors={actionData?.errors ?? {}} withSlug submitLabel="Ajouter la collectivité" />
    </>
  );
}
