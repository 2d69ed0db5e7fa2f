import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { listBookmarks, MAX_BOOKMARK_PAGE, removeBookmark, updateBookmark } from "~/bookmarks/bookmarks.server";
import { BookmarkItem } from "~/components/bookmarks/bookmark-item";
import type { FieldErrors } from "~/components/form";
import { getDb } from "~/db.server";
import { textField } from "~/lib/form-data";

export const meta: MetaFunction = () => [{ title: "Mes signets · OpenENT Échanges" }];

function pageOf(request: Request): number {
  const param = new URL(request.url).searchParams.get("page");
  if (param === null) return 1;
  const page = /^\d{1,4}$/.test(param) ? Number(param) : NaN;
  if (!Number.isInteger(page) || page < 1 || page > MAX_BOOKMARK_PAGE) throw new Response("Page introuvable", { status: 400 });
  return page;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "post.bookmark");
  const page = pageOf(request);
  return { page, ...(await listBookmarks(await getDb(), user, page)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "post.bookmark");
  const form = await request.formData();
  const intent = textField(form, "intent");
  const postId = /^\d{1,10}$/.test(textField(form, "postId")) ? Number(textField(form, "postId")) : NaN;
  const db = await getDb();
  if (intent === "remove") {
    const result = await removeBookmark(db, user, postId);
    if (!result.ok) throw new Response(result.errors.form ?? "Requête invalide", { status: result.status });
    return redirect("/signets");
  }
  if (intent === "update") {
    const values = { note: textField(form, "note"), remindOn: textField(form, "remindOn") };
    const result = await updateBookmark(db, user, postId, values);
    if (!result.ok) {
      if (result.status !== 400) throw new Response(result.errors.form ?? "Signet introuvable", { status: result.status });
      return data({ postId, errors: result.errors as FieldErrors, values }, { status: 400 });
    }
    return redirect(`/signets#signet-${postId}`);
  }
  throw new Response("Action inconnue", { status: 400 });
}

export default function Bookmarks() {
  const { bookmarks, page, hasNext } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>Mes signets</h1>
      <p className="muted">
        Les messages que vous avez mis de côté, avec vos notes privées. Les rappels arrivés à échéance sont en tête.
      </p>
      {bookmarks.length === 0 ? (
        <p>
          {page === 1
            ? "Aucun signet pour l'instant : utilisez « Ajouter aux signets » sous un message."
            : "Aucun signet sur cette page."}
        </p>
      ) : (
        <ol className="bookmark-list">
          {bookmarks.map((bookmark) => (
            <BookmarkItem
              key={bookmark.postId}
              bookmark={bookmark}
              errors={actionData?.postId === bookmark.postId ? actionData.errors : undefined}
              values={actionData?.postId === bookmark.postId ? actionData.values : undefined}
            />
          ))}
        </ol>
      )}
      {page > 1 || hasNext ? (
        <nav className="pagination" aria-label="Pages des signets">
          <ul>
            {page > 1 ? (
              <li>
                <Link to={page === 2 ? "/signets" : `/signets?page=${page - 1}`}>Page précédente</Link>
              </li>
            ) : null}
            {hasNext ? (
              <li>
                <Link to={`/signets?page=${page + 1}`}>Page suivante</Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}
