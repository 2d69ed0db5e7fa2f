import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { NotificationGroups } from "~/components/notifications/notification-groups";
import { getDb } from "~/db.server";
import { textField } from "~/lib/form-data";
import { parsePageParam } from "~/lib/pages";
import { listNotificationGroups, markAllNotificationsRead, NOTIFICATION_GROUPS_PER_PAGE } from "~/notifications/notifications.server";

export const meta: MetaFunction = () => [{ title: "Notifications · OpenENT Échanges" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "notifications.read");
  const page = parsePageParam(new URL(request.url).searchParams.get("page"));
  if (page === null) throw new Response("Numéro de page invalide", { status: 400 });
  const rows = await listNotificationGroups(await getDb(), user.id, page);
  if (page > 1 && rows.length === 0) throw new Response("Page introuvable", { status: 404 });
  return { groups: rows.slice(0, NOTIFICATION_GROUPS_PER_PAGE), page, hasNext: rows.length > NOTIFICATION_GROUPS_PER_PAGE, now: Date.now() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "notifications.read");
  const form = await request.formData();
  if (textField(form, "intent") !== "markAllRead") throw new Response("Action inconnue", { status: 400 });
  await markAllNotificationsRead(await getDb(), user.id);
  return redirect("/notifications");
}

export default function Notifications() {
  const { groups, now, page, hasNext } = useLoaderData<typeof loader>();
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
          {page > 1 || hasNext ? (
            <nav aria-label="Pages de notifications" className="pagination">
              <ul>
                {page > 1 ? (
                  <li>
                    <Link to={page === 2 ? "/notifications" : `/notifications?page=${page - 1}`} rel="prev">
                      Plus récentes
                    </Link>
                  </li>
                ) : null}
                <li>
                  <span aria-current="page">Page {page}</span>
                </li>
                {hasNext ? (
                  <li>
                    <Link to={`/notifications?page=${page + 1}`} rel="next">
                      Plus anciennes
                    </Link>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}
