import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { findCollectiviteProfile, updateCollectiviteProfile } from "~/collectivites/profile.server";
import { parseProfileForm, profileFormValues, readProfileForm } from "~/collectivites/profile-form";
import { CollectiviteForm } from "~/components/curation/collectivite-form";
import { ProfileList, UpdatedLine } from "~/components/collectivites/profile";
import { getDb } from "~/db.server";
import { textField } from "~/lib/form-data";
import { requireModerator } from "~/moderation/guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Modifier le profil de ${data.collectivite.name} · OpenENT Échanges` : "OpenENT Échanges" },
];

async function findProfile(slug: string | undefined) {
  const db = await getDb();
  const collectivite = await findCollectiviteProfile(db, slug ?? "");
  if (!collectivite) throw new Response("Collectivité introuvable", { status: 404 });
  return { db, collectivite };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "collectivite.manage");
  const { collectivite } = await findProfile(params.slug);
  return { collectivite };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireModerator(request, "collectivite.manage", "collectivite.update");
  const { db, collectivite } = await findProfile(params.slug);
  const form = await request.formData();
  const values = { ...readProfileForm(form), slug: collectivite.slug };
  const baseVersion = Number(textField(form, "version"));
  const parsed = parseProfileForm(values, { withSlug: false });
  if (!parsed.ok) return data({ values, errors: parsed.errors, version: baseVersion, current: null }, { status: 400 });
  const result = await updateCollectiviteProfile(db, user, collectivite.id, parsed.input, baseVersion);
  if (result.ok) return redirect(`/collectivites/${collectivite.slug}`);
  // A stale form: the typed values stay, the saved profile is shown, and the next save is based on it.
  if (result.status === 409) return data({ values, errors: result.errors, version: result.current.version, current: result.current }, { status: 409 });
  return data({ values, errors: result.errors, version: baseVersion, current: null }, { status: result.status });
}

export default function EditCollectivite() {
  const { collectivite } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to="/collectivites">Tableau des ENT</Link>
          </li>
          <li>
            <Link to={`/collectivites/${collectivite.slug}`}>{collectivite.name}</Link>
          </li>
          <li aria-current="page">Modifier le profil</li>
        </ol>
      </nav>
      <h1>Modifier le profil de {collectivite.name}</h1>
      <UpdatedLine collectivite={collectivite} />
      {actionData?.current ? (
        <section className="conflict" aria-labelledby="profil-enregistre">
          <h2 id="profil-enregistre">Profil enregistré entre-temps</h2>
          <UpdatedLine collectivite={actionData.current} />
          <ProfileList collectivite={actionData.current} />
          <p>Vos saisies sont restées dans le formulaire : reprenez ce qui doit l'être, puis enregistrez à nouveau.</p>
        </section>
      ) : null}
      <CollectiviteForm
        values={actionData?.values ?? profileFormValues(collectivite)}
        errors={actionData?.errors ?? {}}
        version={actionData?.version ?? collectivite.version}
        withSlug={false}
        submitLabel="Enregistrer le profil"
      />
    </>
  );
}
