import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { MergeTopicForm, TopicFields } from "~/components/curation/topic-forms";
import { getDb } from "~/db.server";
import { textField } from "~/lib/form-data";
import { requireModerator } from "~/moderation/guard.server";
import { mergeTopic, resolveTopicSlug, updateTopic } from "~/topics/curation.server";
import { parseMergeForm, parseTopicForm } from "~/topics/topic-form";
import { listTopics } from "~/topics/topics.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Modifier « ${data.topic.name} » · OpenENT Échanges` : "OpenENT Échanges" },
];

async function findTopic(slug: string | undefined, method: string) {
  const db = await getDb();
  const found = await resolveTopicSlug(db, slug ?? "");
  if (found && "redirectTo" in found && method === "GET") throw redirect(`/thematiques/${found.redirectTo}/modifier`, 301);
  if (!found || !("topic" in found)) throw new Response("Thématique introuvable", { status: 404 });
  return { db, topic: found.topic };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "topic.manage");
  const { db, topic } = await findTopic(params.slug, request.method);
  const targets = (await listTopics(db)).filter((t) => t.id !== topic.id).map(({ id, name }) => ({ id, name }));
  return { topic, targets };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = textField(form, "intent") === "merge" ? "merge" : "update";
  const user = await requireModerator(request, "topic.manage", intent === "merge" ? "topic.merge" : "topic.update");
  const { db, topic } = await findTopic(params.slug, request.method);
  if (intent === "merge") {
    const values = { targetId: textField(form, "targetId"), confirm: textField(form, "confirm") };
    const parsed = parseMergeForm(values);
    if (!parsed.ok) return data({ intent, values, errors: parsed.errors, version: topic.version }, { status: 400 });
    const result = await mergeTopic(db, user, topic.id, parsed.input);
    if (result.ok) return redirect(`/thematiques/${result.value.target.slug}`);
    return data({ intent, values, errors: result.errors, version: topic.version }, { status: result.status });
  }
  const values = { name: textField(form, "name"), description: textField(form, "description") };
  const baseVersion = Number(textField(form, "version"));
  const parsed = parseTopicForm(values);
  if (!parsed.ok) return data({ intent, values, errors: parsed.errors, version: baseVersion }, { status: 400 });
  const result = await updateTopic(db, user, topic.id, parsed.input, baseVersion);
  if (result.ok) return redirect(`/thematiques/${result.value.slug}`);
  // A stale form: the typed values stay, and the next save is based on the current version.
  const version = result.status === 409 ? result.current.version : baseVersion;
  return data({ intent, values, errors: result.errors, version }, { status: result.status });
}

export default function EditTopic() {
  const { topic, targets } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const update = actionData?.intent === "update" ? actionData : null;
  const merge = actionData?.intent === "merge" ? actionData : null;
  const updateValues = update && "name" in update.values ? update.values : { name: topic.name, description: topic.description ?? "" };
  const mergeValues = merge && "targetId" in merge.values ? merge.values : { targetId: "" };
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to="/thematiques">Thématiques</Link>
          </li>
          <li>
            <Link to={`/thematiques/${topic.slug}`}>{topic.name}</Link>
          </li>
          <li aria-current="page">Modifier</li>
        </ol>
      </nav>
      <h1>Modifier la thématique « {topic.name} »</h1>
      <section aria-labelledby="renommer">
        <h2 id="renommer">Nom et description</h2>
        <TopicFields values={updateValues} errors={update?.errors ?? {}} version={update?.version ?? topic.version} submitLabel="Enregistrer" />
      </section>
      <section aria-labelledby="fusionner">
        <h2 id="fusionner">Fusionner avec une autre thématique</h2>
        <MergeTopicForm
          topicName={topic.name}
          targets={targets}
          values={mergeValues}
          errors={merge ? { ...merge.errors, mergeForm: merge.errors.form } : {}}
        />
      </section>
    </>
  );
}
