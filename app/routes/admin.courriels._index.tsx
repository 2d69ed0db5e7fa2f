import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { formatDateTime, isoDateTime } from "~/lib/dates";
import { plural } from "~/lib/format";
import { outboxStatusLabel, parseId } from "~/mail/outbox-status";
import { listOutbox } from "~/mail/outbox.server";

export const meta: MetaFunction = () => [{ title: "Courriels · OpenENT Échanges" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "outbox.read");
  const before = parseId(new URL(request.url).searchParams.get("avant"));
  const page = await listOutbox(await getDb(), { before });
  return { ...page, older: before !== null };
}

export default function Outbox() {
  const { messages, nextBefore, older } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Courriels</h1>
      <p className="lead">
        Tous les courriels de l'application, des plus récents aux plus anciens. Ils sont envoyés en arrière-plan et
        réessayés en cas d'erreur. Les liens personnels (invitation, réinitialisation) n'y sont jamais affichés : sans
        serveur SMTP configuré (démonstration), ils sont affichés dans la console du serveur.
      </p>
      {messages.length === 0 ? (
        <p>{older ? "Aucun courriel plus ancien." : "Aucun courriel pour le moment."}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption>{plural(messages.length, "courriel")}, du plus récent au plus ancien</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Destinataire</th>
                <th scope="col">Objet</th>
                <th scope="col">Statut</th>
                <th scope="col" className="number">
                  Tentatives
                </th>
              </tr>
            </thead>
            <tbody>
              {messages.map((message) => (
                <tr key={message.id}>
                  <td><time dateTime={isoDateTime(message.created_at)}>{formatDateTime(message.created_at)}</time></td>
                  <td>{message.recipient}</td>
                  <th scope="row">
                    <Link to={`/admin/courriels/${message.id}`}>{message.subject}</Link>
                  </th>
                  <td>
                    <span className={`mail-status mail-status--${message.status}`}>{outboxStatusLabel(message.status, message.delivered_via)}</span>
                  </td>
                  <td className="number">{message.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {older || nextBefore !== null ? (
        <nav aria-label="Pages de courriels" className="pager">
          {older ? <Link to="/admin/courriels">Courriels les plus récents</Link> : null}
          {nextBefore !== null ? <Link to={`/admin/courriels?avant=${nextBefore}`}>Courriels plus anciens</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
