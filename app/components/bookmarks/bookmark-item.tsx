import { Form, Link } from "@remix-run/react";

import { NOTE_MAX } from "../../bookmarks/bookmark-form";
import { formatDate, isoDateTime } from "../../lib/dates";
import { formatPartialDate } from "../../lib/format";
import { FormAlert, InputField, TextareaField, type FieldErrors } from "../form";

export interface BookmarkItemData {
  postId: number;
  note: string | null;
  remindOn: string | null;
  due: boolean;
  createdAt: string | Date;
  post: { threadId: number; threadSlug: string; threadTitle: string; authorName: string; excerpt: string } | null;
}

/** One bookmark on `/signets`: the post (or "Message indisponible"), the note, the reminder, the forms. */
export function BookmarkItem({
  bookmark,
  errors,
  values,
}: {
  bookmark: BookmarkItemData;
  errors?: FieldErrors | undefined;
  values?: { note: string; remindOn: string } | undefined;
}) {
  const id = `signet-${bookmark.postId}`;
  const hasErrors = errors !== undefined && Object.keys(errors).length > 0;
  const title = bookmark.post ? bookmark.post.threadTitle : "Message indisponible";
  return (
    <li id={id} className={bookmark.due ? "bookmark bookmark--due" : "bookmark"}>
      <article aria-labelledby={`${id}-titre`}>
        <h2 id={`${id}-titre`} className="bookmark__title">
          {bookmark.post ? <Link to={`/messages/${bookmark.postId}`}>{title}</Link> : title}
        </h2>
        {bookmark.post ? (
          <p className="bookmark__excerpt">
            <span className="muted">{bookmark.post.authorName} : </span>
            {bookmark.post.excerpt}
          </p>
        ) : (
          <p className="muted">Ce message a été supprimé ou ne vous est plus accessible.</p>
        )}
        <p className="bookmark__meta muted">
          Ajouté le <time dateTime={isoDateTime(bookmark.createdAt)}>{formatDate(bookmark.createdAt)}</time>
          {bookmark.remindOn ? (
            <>
              {" · "}
              <span className={bookmark.due ? "badge" : undefined}>
                rappel le <time dateTime={bookmark.remindOn}>{formatPartialDate(bookmark.remindOn)}</time>
              </span>
            </>
          ) : null}
        </p>
        {bookmark.note ? (
          <p className="bookmark__note">
            <span className="visually-hidden">Votre note : </span>
            {bookmark.note}
          </p>
        ) : null}
        <details open={hasErrors}>
          <summary>
            Modifier la note ou le rappel<span className="visually-hidden"> de ce signet</span>
          </summary>
          {hasErrors ? <FormAlert>Le signet n'a pas été modifié : corrigez les champs signalés.</FormAlert> : null}
          <Form method="post" className="stack-form" noValidate>
            <input type="hidden" name="postId" value={bookmark.postId} />
            <TextareaField
              id={`${id}-note`}
              name="note"
              label="Note privée"
              hint={`Visible de vous seul (${NOTE_MAX} caractères au plus).`}
              rows={3}
              defaultValue={values?.note ?? bookmark.note ?? ""}
              error={errors?.note}
            />
            <InputField
              id={`${id}-rappel`}
              name="remindOn"
              type="date"
              label="Date de rappel"
              hint="Facultative : le signet remonte en tête de la liste à cette date."
              defaultValue={values?.remindOn ?? bookmark.remindOn ?? ""}
              error={errors?.remindOn}
            />
            <div>
              <button type="submit" name="intent" value="update" className="button">
                Enregistrer
              </button>
            </div>
          </Form>
        </details>
        <Form method="post" className="bookmark__remove">
          <input type="hidden" name="postId" value={bookmark.postId} />
          <button type="submit" name="intent" value="remove" className="link-button">
            Retirer des signets<span className="visually-hidden"> : {title}</span>
          </button>
        </Form>
      </article>
    </li>
  );
}
