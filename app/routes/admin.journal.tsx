import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { formatDateTime, isoDateTime } from "~/lib/dates";
import { describeAuditEntry } from "~/members/audit-labels";
import { listAuditLog } from "~/members/members.server";

export const meta: MetaFunction = () => [{ title: "Journal d'administration · OpenENT Échanges" }];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "user.manage");
  const before = new URL(request.url).searchParams.get("avant") ?? "";
  const beforeId = /^\d{1,9}$/.test(before) ? Number(before) : null;
  const page = await listAuditLog(await getDb(), { limit: PAGE_SIZE, before: beforeId });
  return { ...page, first: beforeId === null };
}

export default function AuditJournal() {
  const { entries, nextBefore, first } = useLoaderData<typeof loader>();
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to="/admin/membres">Administration</Link>
          </li>
          <li aria-current="page">Journal</li>
        </ol>
      </nav>
      <h1>Journal d'administration</h1>
      <p className="lead">
        Chaque changement de rôle, suspension, réactivation et invitation, du plus récent au plus ancien.
      </p>
      {entries.length === 0 ? (
        <p>{first ? "Le journal est vide pour l'instant." : "Aucune entrée plus ancienne."}</p>
      ) : (
        <ol className="audit-log">
          {entries.map((entry) => (
            <li key={entry.id}>
              <time dateTime={isoDateTime(entry.createdAt)} className="audit-log__date">
                {formatDateTime(entry.createdAt)}
              </time>
              <span>
                {describeAuditEntry(entry).map((part, index) =>
                  typeof part === "string" ? (
                    <span key={index}>{part}</span>
                  ) : (
                    <Link key={index} to={`/membres/${part.userId}`}>
                      {part.name}
                    </Link>
                  ),
                )}
              </span>
            </li>
          ))}
        </ol>
      )}
      <nav aria-label="Pages du journal" className="pager">
        {!first ? <Link to="/admin/journal">Entrées les plus récentes</Link> : null}
        {nextBefore !== null ? <Link to={`/admin/journal?avant=${nextBefore}`}>Entrées plus anciennes</Link> : null}
      </nav>
    </>
  );
}
