import { Form, Link } from "@remix-run/react";

import { FormAlert, TextareaField, type FieldErrors } from "../form";
import { RelativeTime } from "../forum/time";
import { REASON_MAX, reportReasonLabels, resolutionLabels, resolutions } from "../../moderation/moderation-form";
import type { ReportReason } from "../../../db/schema";

interface Item {
  postId: number;
  threadId: number;
  threadSlug: string;
  threadTitle: string;
  threadLocked: boolean;
  position: number;
  authorId: number;
  authorName: string;
  html: string;
  createdAt: string | Date;
  hiddenAt: string | Date | null;
  hiddenAutomatically: boolean;
  firstReportAt: string | Date;
  reports: { id: number; reporterId: number; reporterName: string; reason: ReportReason; note: string | null; createdAt: string | Date }[];
}

/** One reported post in the queue: the post, its reports, and the form that resolves them all. */
export function ReportQueueItem({ item, now, failed }: { item: Item; now: number; failed: { values: { resolution: string; note: string }; errors: FieldErrors } | null }) {
  const id = `signalement-${item.postId}`;
  const errors = failed?.errors ?? {};
  return (
    <article className="report-item" aria-labelledby={`${id}-titre`}>
      <h2 id={`${id}-titre`}>
        Message de {item.authorName} dans « <Link to={`/messages/${item.postId}`}>{item.threadTitle}</Link> »
      </h2>
      <p className="muted">
        Écrit <RelativeTime value={item.createdAt} now={now} /> · premier signalement <RelativeTime value={item.firstReportAt} now={now} />
        {item.hiddenAt ? (item.hiddenAutomatically ? " · masqué automatiquement en attendant l'examen" : " · masqué") : ""}
        {item.threadLocked ? " · fil verrouillé" : ""}
      </p>
      <blockquote className="quoted-post post-body" dangerouslySetInnerHTML={{ __html: item.html }} />
      <h3>
        {item.reports.length} signalement{item.reports.length > 1 ? "s" : ""}
      </h3>
      <ul>
        {item.reports.map((r) => (
          <li key={r.id}>
            <Link to={`/membres/${r.reporterId}`}>{r.reporterName}</Link> : {reportReasonLabels[r.reason]}
            {r.note ? <> — « {r.note} »</> : null} (<RelativeTime value={r.createdAt} now={now} />)
          </li>
        ))}
      </ul>
      <Form method="post" className="stack-form" noValidate>
        {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
        <input type="hidden" name="postId" value={item.postId} />
        {item.reports.map((r) => (
          <input key={r.id} type="hidden" name="reportId" value={r.id} />
        ))}
        <fieldset className={errors.resolution ? "field field--error" : "field"}>
          <legend>Décision</legend>
          {resolutions.map((resolution) => (
            <label key={resolution} className="checkbox">
              <input type="radio" name="resolution" value={resolution} defaultChecked={failed?.values.resolution === resolution} /> {resolutionLabels[resolution]}
            </label>
          ))}
          {errors.resolution ? <p className="field__error">{errors.resolution}</p> : null}
        </fieldset>
        <TextareaField
          id={`${id}-note`}
          name="note"
          label="Note"
          hint={`Gardée au journal ; c'est aussi la raison affichée si vous masquez le message ou verrouillez le fil, et le texte de l'avertissement envoyé à l'auteur si vous l'avertissez (${REASON_MAX} caractères au plus).`}
          rows={2}
          defaultValue={failed?.values.note ?? ""}
          error={errors.note}
        />
        <div className="form-actions">
          <button type="submit" className="button">
            Traiter<span className="visually-hidden"> les signalements du message de {item.authorName}</span>
          </button>
          <Link to={`/fils/${item.threadId}-${item.threadSlug}/messages/${item.postId}/modifier?signalements=1`}>
            Modifier le message pour traiter<span className="visually-hidden"> les signalements du message de {item.authorName}</span>
          </Link>
          <Link to={`/messages/${item.postId}/moderation`}>Masquer, réafficher ou supprimer seulement</Link>
        </div>
      </Form>
    </article>
  );
}
