import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { roleLabels, roleNeedsCollectivite, roles } from "~/auth/permissions";
import { FilterSelect, FormAlert, InputField, SelectField } from "~/components/form";
import { database } from "~/db.server";
import { formatDate, formatDateTime, isoDateTime } from "~/lib/dates";
import { textField } from "~/lib/form-data";
import { plural } from "~/lib/format";
import { isFiltered, parseMemberFilter, roleParams, statusLabels, statusParams } from "~/members/member-filter";
import { listCollectiviteChoices, listMembers } from "~/members/member-list.server";
import { changeRole, reactivateMember, suspendMember } from "~/members/members.server";

export const meta: MetaFunction = () => [{ title: "Membres · Administration · OpenENT Échanges" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "user.manage");
  const filter = parseMemberFilter(new URL(request.url).searchParams);
  const { db } = await database();
  const [members, collectivites] = await Promise.all([
    listMembers(db, { q: filter.q, role: filter.role, status: filter.status, collectivite: filter.collectiviteId }),
    listCollectiviteChoices(db),
  ]);
  return { filter, members, collectivites, actorId: user.id };
}

const intents = ["role", "suspend", "reactivate"] as const;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "user.manage");
  const form = await request.formData();
  const intent = intents.find((i) => i === textField(form, "intent"));
  const rawId = textField(form, "userId");
  const userId = /^\d{1,9}$/.test(rawId) ? Number(rawId) : null;
  const values = { role: textField(form, "role"), collectiviteId: textField(form, "collectiviteId") };
  if (!intent || userId === null) {
    return data({ notice: null, error: "Demande incomplète : rechargez la page et recommencez.", userId, values }, { status: 400 });
  }

  const { db, pool } = await database();
  const actor = { id: user.id, role: user.role, status: user.status };
  let notice: string;
  if (intent === "role") {
    const collectiviteId = /^\d{1,9}$/.test(values.collectiviteId) ? Number(values.collectiviteId) : null;
    const result = await changeRole(db, pool, { actor, userId, role: values.role, collectiviteId });
    if (!result.ok) return data({ notice: null, error: result.error, userId, values }, { status: 400 });
    const label = roles.find((r) => r === values.role);
    notice = `${result.displayName} a désormais le rôle ${label ? roleLabels[label] : values.role}.`;
  } else if (intent === "suspend") {
    const result = await suspendMember(db, pool, { actor, userId });
    if (!result.ok) return data({ notice: null, error: result.error, userId, values }, { status: 400 });
    notice = `Le compte de ${result.displayName} est suspendu et toutes ses sessions ont été fermées.`;
  } else {
    const result = await reactivateMember(db, pool, { actor, userId });
    if (!result.ok) return data({ notice: null, error: result.error, userId, values }, { status: 400 });
    notice = `Le compte de ${result.displayName} est réactivé.`;
  }
  return { notice, error: null, userId, values: null };
}

export default function MemberAdministration() {
  const { filter, members, collectivites, actorId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const filtered = isFiltered(filter);
  const errorFor = (id: number) => (actionData?.error && actionData.userId === id ? actionData.error : null);
  const rowInError = actionData?.error && actionData.userId !== null ? members.find((m) => m.id === actionData.userId) : undefined;

  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>Administration</li>
          <li aria-current="page">Membres</li>
        </ol>
      </nav>
      <h1>Membres</h1>
      <p className="lead">
        Changez le rôle d'un membre, suspendez ou réactivez un compte. Chaque action est inscrite au{" "}
        <Link to="/moderation/journal">journal de modération</Link>.
      </p>
      {actionData?.notice ? <FormAlert tone="success">{actionData.notice}</FormAlert> : null}
      {actionData?.error ? (
        <FormAlert>
          {rowInError ? (
            <>
              {rowInError.displayName} : {actionData.error}{" "}
              <a href={`#membre-${rowInError.id}`}>Aller à la ligne du membre</a>
            </>
          ) : (
            actionData.error
          )}
        </FormAlert>
      ) : null}

      <Form method="get" className="filters" aria-label="Filtrer les membres">
        <InputField id="filtre-q" name="q" type="search" label="Nom ou adresse e-mail" defaultValue={filter.q} />
        <SelectField id="filtre-role" name="role" label="Rôle" defaultValue={filter.role ? roleParams[filter.role] : ""}>
          <option value="">Tous les rôles</option>
          {roles.map((role) => (
            <option key={role} value={roleParams[role]}>
              {roleLabels[role]}
            </option>
          ))}
        </SelectField>
        <SelectField id="filtre-statut" name="statut" label="Statut" defaultValue={filter.status ? statusParams[filter.status] : ""}>
          <option value="">Tous les statuts</option>
          <option value={statusParams.active}>{statusLabels.active}</option>
          <option value={statusParams.suspended}>{statusLabels.suspended}</option>
        </SelectField>
        <FilterSelect
          id="filtre-collectivite"
          name="collectivite"
          label="Collectivité"
          anyLabel="Toutes les collectivités"
          value={filter.collectiviteId === null ? null : String(filter.collectiviteId)}
          options={collectivites.map((c) => ({ value: String(c.id), label: c.name }))}
        />
        <button type="submit" className="button">
          Filtrer
        </button>
        {filtered ? (
          <Link to="/admin/membres" className="button button--secondary">
            Tout afficher
          </Link>
        ) : null}
      </Form>

      {/* Focusable, so keyboard users can scroll the table sideways on a narrow screen. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="membres-legende">
        <table className="data members-table">
          <caption id="membres-legende" aria-live="polite">
            {plural(members.length, "membre")}
            {filtered ? " correspondant aux filtres" : ""}
          </caption>
          <thead>
            <tr>
              <th scope="col">Membre</th>
              <th scope="col">Adresse e-mail</th>
              <th scope="col">Rôle</th>
              <th scope="col">Collectivité</th>
              <th scope="col">Statut</th>
              <th scope="col">Inscription</th>
              <th scope="col">Dernière visite</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const error = errorFor(m.id);
              const errorId = error ? `membre-${m.id}-erreur` : undefined;
              const self = m.id === actorId;
              const attemptedRole = error && actionData?.values?.role ? actionData.values.role : m.role;
              const attemptedCollectivite = error && actionData?.values ? actionData.values.collectiviteId : "";
              return (
                <tr key={m.id} id={`membre-${m.id}`} className={error ? "row--error" : undefined}>
                  <th scope="row">
                    <Link to={`/membres/${m.id}`}>{m.displayName}</Link>
                    {self ? <span className="muted"> (vous)</span> : null}
                  </th>
                  <td>{m.email}</td>
                  <td>{roleLabels[m.role]}</td>
                  <td>{m.collectiviteName ?? <span className="muted">Aucune</span>}</td>
                  <td>{m.status === "suspended" ? <span className="tag tag--suspended">Suspendu</span> : "Actif"}</td>
                  <td>
                    <time dateTime={isoDateTime(m.createdAt)}>{formatDate(m.createdAt)}</time>
                  </td>
                  <td>
                    {m.lastSeenAt ? (
                      <time dateTime={isoDateTime(m.lastSeenAt)}>{formatDateTime(m.lastSeenAt)}</time>
                    ) : (
                      <span className="muted">Jamais</span>
                    )}
                  </td>
                  <td className="member-actions">
                    {self ? (
                      <p className="muted">Votre propre compte ne se modifie pas ici.</p>
                    ) : (
                      <>
                        <Form method="post" className="row-form" preventScrollReset>
                          <input type="hidden" name="userId" value={m.id} />
                          <div className="row-field">
                            <label htmlFor={`role-${m.id}`}>
                              Rôle<span className="visually-hidden"> de {m.displayName}</span>
                            </label>
                            <select
                              id={`role-${m.id}`}
                              name="role"
                              defaultValue={attemptedRole}
                              aria-invalid={error ? true : undefined}
                              aria-describedby={errorId}
                            >
                              {roles.map((role) => (
                                <option key={role} value={role}>
                                  {roleLabels[role]}
                                </option>
                              ))}
                            </select>
                          </div>
                          {m.collectiviteId === null ? (
                            <div className="row-field">
                              <label htmlFor={`collectivite-${m.id}`}>
                                Collectivité<span className="visually-hidden"> de {m.displayName}</span>
                              </label>
                              <select
                                id={`collectivite-${m.id}`}
                                name="collectiviteId"
                                defaultValue={attemptedCollectivite}
                                aria-describedby={`collectivite-${m.id}-aide${errorId ? ` ${errorId}` : ""}`}
                              >
                                <option value="">Aucune</option>
                                {collectivites.map((c) => (
                                  <option key={c.id} value={c.id}>
                                    {c.name}
                                  </option>
                                ))}
                              </select>
                              <span id={`collectivite-${m.id}-aide`} className="field__hint">
                                Obligatoire pour {roles.filter(roleNeedsCollectivite).map((r) => `les ${roleLabels[r].toLowerCase()}s`).join(" et ")}.
                              </span>
                            </div>
                          ) : null}
                          <button type="submit" name="intent" value="role" className="button button--secondary" disabled={busy}>
                            Changer le rôle<span className="visually-hidden"> de {m.displayName}</span>
                          </button>
                        </Form>
                        <Form method="post" className="row-form" preventScrollReset>
                          <input type="hidden" name="userId" value={m.id} />
                          {m.status === "active" ? (
                            <button type="submit" name="intent" value="suspend" className="button button--danger" disabled={busy}>
                              Suspendre<span className="visually-hidden"> {m.displayName}</span>
                            </button>
                          ) : (
                            <button type="submit" name="intent" value="reactivate" className="button button--secondary" disabled={busy}>
                              Réactiver<span className="visually-hidden"> {m.displayName}</span>
                            </button>
                          )}
                        </Form>
                      </>
                    )}
                    {error ? (
                      <p id={errorId} className="field__error">
                        {error}
                      </p>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {members.length === 0 ? <p>Aucun membre ne correspond à ces filtres.</p> : null}
    </>
  );
}
