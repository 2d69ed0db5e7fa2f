import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { TopicFields } from "~/components/curation/topic-forms";
import { getDb } from "~/db.server";
import { textField } from "~/lib/form-data";
import { requireModerator } from "~/moderation/guard.server";
import { createTopic } from "~/topics/curation.server";
import { parseTopicForm } from "~/topics/topic-form";

export const meta: MetaFunction = () => [{ title: "Nouvelle thématique · OpenENT Échanges" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "topic.manage");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireModerator(request, "topic.manage", "topic.create");
  const form = await request.formData();
  const values = { name: textField(form, "name"), description: textField(form, "description") };
  const parsed = parseTopicForm(values);
  if (!parsed.ok) return data({ values, errors: parsed.errors }, { status: 400 });
  const result = await createTopic(await getDb(), user, parsed.input);
  if (result.ok) return redirect(`/thematiques/${result.value.slug}`);
  return data({ values, errors: result.errors }, { status: result.status });
}

export default function NewTopic() {
  const actionData = useActionData<typeof action>();
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to="/thematiques">Thématiques</Link>
          </li>
          <li aria-current="page">Nouvelle thématique</li>
        </ol>
      </nav>
      <h1>Nouvelle thématique</h1>
      <TopicFields values={actionData?.values ?? { name: "", description: "" }} errors={actionData?.errors ?? {}} submitLabel="Créer la thématique" />
    </>
  );
}
