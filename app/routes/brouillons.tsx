import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { deleteDraft, listDrafts, parseDraftTarget } from "~/drafts/drafts.server";
import { threadPath } from "~/forum/slug";
import { formatDateTime, isoDateTime } from "~/lib/dates";
import { textField } from "~/lib/form-data";

export const meta: MetaFunction = () => [{ title: "Mes brouillons · OpenENT Échanges" }];

/** `/brouillons`: the member's drafts kept on the server, latest first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "post.draft");
  return { drafts: await listDrafts(await getDb(), user.id) };
}

/** Removes one draft (`intent=delete`, `fil`: a thread id or `nouveau`). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "post.draft");
  const form = await request.formData();
  const target = parseDraftTarget(textField(form, "fil"));
  if (textField(form, "intent") !== "delete" || !target) throw new Response("Requête invalide", { status: 400 });
  await deleteDraft(await getDb(), user.id, target);
  return redirect("/brouillons");
}

export default function Drafts() {
  const { drafts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Mes brouillons</h1>
      <p className="muted">
        Ce que vous avez commencé à écrire, enregistré sur le serveur : vous le retrouvez depuis n'importe quel navigateur. Un
        brouillon disparaît quand le message est publié. Vous seul les voyez.
      </p>
      {drafts.length === 0 ? (
        <p>Aucun brouillon.</p>
      ) : (
        <ul className="draft-list">
          {drafts.map((d) => {
            const href = d.threadId !== null && d.threadSlug ? `${threadPath({ id: d.threadId, slug: d.threadSlug })}#repondre` : "/fils/nouveau";
            const title = d.threadId !== null ? `Réponse à « ${d.threadTitle ?? ""} »` : "Nouveau fil";
            return (
              <li key={d.threadId ?? "nouveau"} className="draft-item">
                <p className="draft-item__head">
                  <span className="badge badge--muted">Brouillon</span>{" "}
                  <Link to={href} dir="auto">
                    {title}
                  </Link>{" "}
                  <span className="muted">
                    enregistré le <time dateTime={isoDateTime(d.updatedAt)}>{formatDateTime(d.updatedAt)}</time>
                  </span>
                </p>
                <p className="draft-item__excerpt" dir="auto">
                  {d.excerpt}
                </p>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="fil" value={d.threadId ?? "nouveau"} />
                  <button type="submit" className="link-button">
                    Supprimer ce brouillon<span className="visually-hidden"> ({title})</span>
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
