import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { FormAlert } from "~/components/form";
import { ReportQueueItem } from "~/components/moderation/report-queue-item";
import { getDb } from "~/db.server";
import { textField } from "~/lib/form-data";
import { requireModerator } from "~/moderation/guard.server";
import { parsePostId, parseResolutionForm } from "~/moderation/moderation-form";
import { listReportQueue, resolveReports } from "~/moderation/reports.server";

export const meta: MetaFunction = () => [{ title: "Signalements · OpenENT Échanges" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "reports.handle");
  const queue = await listReportQueue(await getDb());
  return { queue, now: Date.now(), resolved: new URL(request.url).searchParams.get("traite") !== null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireModerator(request, "reports.handle", "reports.resolve");
  const form = await request.formData();
  const postId = parsePostId(textField(form, "postId"));
  if (!postId) throw new Response("Message introuvable", { status: 404 });
  const values = { resolution: textField(form, "resolution"), note: textField(form, "note") };
  const reportIds = form.getAll("reportId").filter((v): v is string => typeof v === "string");
  const parsed = parseResolutionForm({ ...values, reportIds });
  if (!parsed.ok) return data({ postId, values, errors: parsed.errors }, { status: 400 });
  const result = await resolveReports(await getDb(), user, postId, parsed);
  if (!result.ok) return data({ postId, values, errors: result.errors }, { status: result.status });
  return redirect("/moderation?traite=1");
}

export default function ReportQueue() {
  const { queue, now, resolved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>Signalements à traiter</h1>
      <p>
        Chaque acte de modération est consigné dans le <Link to="/moderation/journal">journal de modération</Link>.
      </p>
      {resolved && !actionData ? <FormAlert tone="success">Les signalements ont été traités.</FormAlert> : null}
      {queue.length === 0 ? (
        <p>Aucun signalement en attente.</p>
      ) : (
        <>
          <p className="muted">Les messages signalés, le plus ancien signalement d'abord.</p>
          {queue.map((item) => (
            <ReportQueueItem key={item.postId} item={item} now={now} failed={actionData && actionData.postId === item.postId ? actionData : null} />
          ))}
        </>
      )}
    </>
  );
}
