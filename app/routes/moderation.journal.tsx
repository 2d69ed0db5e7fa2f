import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { listJournalActors, loadJournalPage } from "~/audit/journal.server";
import { journalActionGroups, journalSearch, parseJournalQuery, type JournalErrors } from "~/audit/journal-query";
import { requirePermission } from "~/auth/guards.server";
import { FormAlert, InputField, SelectField } from "~/components/form";
import { getDb } from "~/db.server";
import { formatDateTime, isoDateTime } from "~/lib/dates";
import { describeAuditEntry } from "~/members/audit-labels";

export const meta: MetaFunction = () => [{ title: "Journal de modération · OpenENT Échanges" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "journal.read");
  const query = parseJournalQuery(new URL(request.url).searchParams);
  const db = await getDb();
  if (!query.ok) {
    const page = { entries: [], nextBefore: null, actors: await listJournalActors(db) };
    return data({ values: query.values, errors: query.errors, page, first: true, search: "" }, { status: 400 });
  }
  const result = await loadJournalPage(db, user, query.filters);
  if (!result.ok) throw new Response("Accès refusé", { status: 403 });
  const errors: JournalErrors = {};
  return { values: query.values, errors, page: result.page, first: query.filters.before === null, search: journalSearch(query.values) };
}

export default function ModerationJournal() {
  const { values, errors, page, first, search } = useLoaderData<typeof loader>();
  const hasErrors = Object.keys(errors).length > 0;
  const link = (extra: string) => `/moderation/journal${search || extra ? `?${[search, extra].filter(Boolean).join("&")}` : ""}`;
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to="/moderation">Modération</Link>
          </li>
          <li aria-current="page">Journal</li>
        </ol>
      </nav>
      <h1>Journal de modération</h1>
      <p className="lead">Chaque acte de modération et d'administration, du plus récent au plus ancien, avec les valeurs avant et après.</p>
      <Form method="get" className="filters" aria-label="Filtrer le journal">
        {hasErrors ? <FormAlert>Certains filtres sont invalides : corrigez-les ci-dessous.</FormAlert> : null}
        <SelectField id="journal-acteur" name="acteur" label="Auteur de l'acte" defaultValue={values.acteur} error={errors.acteur}>
          <option value="">Tous</option>
          {page.actors.map((a) => (
            <option key={a.id} value={String(a.id)}>
              {a.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="journal-action" name="action" label="Action" defaultValue={values.action} error={errors.action}>
          <option value="">Toutes</option>
          {journalActionGroups.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.actions.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
        <InputField id="journal-membre" name="membre" label="Membre visé (numéro)" inputMode="numeric" defaultValue={values.membre} error={errors.membre} />
        <InputField id="journal-fil" name="fil" label="Fil visé (numéro)" inputMode="numeric" defaultValue={values.fil} error={errors.fil} />
        <InputField id="journal-du" name="du" type="date" label="Du" hint="AAAA-MM-JJ" defaultValue={values.du} error={errors.du} />
        <InputField id="journal-au" name="au" type="date" label="Au" hint="AAAA-MM-JJ" defaultValue={values.au} error={errors.au} />
        <button type="submit">Filtrer</button> <Link to="/moderation/journal">Tout afficher</Link>
      </Form>
      {hasErrors ? null : page.entries.length === 0 ? (
        <p>{first ? "Aucune entrée ne correspond." : "Aucune entrée plus ancienne."}</p>
      ) : (
        <ol className="audit-log">
          {page.entries.map((entry) => (
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
                {entry.links.map((l) => (
                  <span key={l.to}>
                    {" · "}
                    <Link to={l.to}>{l.label}</Link>
                  </span>
                ))}
              </span>
            </li>
          ))}
        </ol>
      )}
      <nav aria-label="Pages du journal" className="pager">
        {!first ? <Link to={link("")}>Entrées les plus récentes</Link> : null}
        {page.nextBefore !== null ? <Link to={link(`avant=${page.nextBefore}`)}>Entrées plus anciennes</Link> : null}
      </nav>
    </>
  );
}
