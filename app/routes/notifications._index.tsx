import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { NotificationGroups } from "~/components/notifications/notification-groups";
import { getDb } from "~/db.server";
import { textField } from "~/lib/form-data";
import { listNotificationGroups, markAllNotificationsRead, NOTIFICATION_GROUPS_PER_PAGE } from "~/notifications/notifications.server";

export const meta: MetaFunction = () => [{ title: "Notifications · OpenENT Échanges" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "notifications.read");
  const groups = await listNotificationGroups(await getDb(), user.id);
  return { groups, now: Date.now(), limit: NOTIFICATION_GROUPS_PER_PAGE };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "notifications.read");
  const form = await request.formData();
  if (textField(form, "intent") !== "markAllRead") throw new Response("Action inconnue", { status: 400 });
  await markAllNotificationsRead(await getDb(), user.id);
  return redirect("/notifications");
}

export default function Notifications() {
  const { groups, now, limit } = useLoaderData<typeof loader>();
  const unread = groups.some((g) => g.unread);
  return (
    <>
      <h1>Notifications</h1>
      <p className="muted">
        Réponses à vos fils, citations, mentions, et nouveaux messages dans ce que vous suivez. Choisissez ce que vous suivez
        sur chaque fil, thématique ou collectivité, et quand recevoir des courriels dans <Link to="/compte#notifications">Mon compte</Link>.
      </p>
      {unread ? (
        <Form method="post" className="form-actions">
          <input type="hidden" name="intent" value="markAllRead" />
          <button type="submit" className="button button--secondary">
            Tout marquer comme lu
          </button>
        </Form>
      ) : null}
      {groups.length === 0 ? (
        <p>Aucune notification pour le moment.</p>
      ) : (
        <>
          <NotificationGroups groups={groups} now={now} />
          {groups.length >= limit ? <p className="muted">Seules les {limit} plus récentes sont affichées.</p> : null}
        </>
      )}
    </>
  );
}
