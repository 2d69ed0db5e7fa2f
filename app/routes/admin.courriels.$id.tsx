import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { formatDateTime, isoDateTime } from "~/lib/dates";
import { outboxStatusLabel, parseId } from "~/mail/outbox-status";
import { findOutboxMessage } from "~/mail/outbox.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.message.subject ?? "Courriel"} · Courriels · OpenENT Échanges` },
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "outbox.read");
  const id = parseId(params.id);
  const message = id === null ? undefined : await findOutboxMessage(await getDb(), id);
  if (!message) throw new Response("Courriel introuvable", { status: 404 });
  return { message };
}

export default function OutboxMessage() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <>
      <nav aria-label="Fil d'Ariane" className="breadcrumb">
        <ol>
          <li>
            <Link to="/admin/courriels">Courriels</Link>
          </li>
          <li aria-current="page">Courriel n° {message.id}</li>
        </ol>
      </nav>
      <h1>{message.subject}</h1>
      <dl className="profile">
        <dt>Destinataire</dt>
        <dd>{message.recipient}</dd>
        <dt>Créé le</dt>
        <dd><time dateTime={isoDateTime(message.created_at)}>{formatDateTime(message.created_at)}</time></dd>
        <dt>Statut</dt>
        <dd>
          <span className={`mail-status mail-status--${message.status}`}>{outboxStatusLabel(message.status, message.delivered_via)}</span>
        </dd>
        <dt>Tentatives</dt>
        <dd>{message.attempts}</dd>
        {message.sent_at ? (
          <>
            <dt>Envoyé le</dt>
            <dd><time dateTime={isoDateTime(message.sent_at)}>{formatDateTime(message.sent_at)}</time></dd>
          </>
        ) : null}
        {message.status === "pending" ? (
          <>
            <dt>Prochaine tentative</dt>
            <dd><time dateTime={isoDateTime(message.next_attempt_at)}>{formatDateTime(message.next_attempt_at)}</time></dd>
          </>
        ) : null}
        {message.last_error ? (
          <>
            <dt>Dernière erreur</dt>
            <dd>{message.last_error}</dd>
          </>
        ) : null}
      </dl>
      <h2>Texte du courriel</h2>
      <pre className="mail-body" data-testid="mail-body">
        {message.body_text}
      </pre>
    </>
  );
}
