import { Form, Link } from "@remix-run/react";

import type { Role } from "../../../db/schema";
import { roleLabels, roles } from "../../auth/permissions";
import { directorySearch, type DirectoryFilter } from "../../members/directory-filter";
import { roleParams } from "../../members/member-filter";

export interface DirectoryMemberView {
  id: number;
  displayName: string;
  role: Role;
  collectivite: { name: string; slug: string } | null;
}

/**
 * The directory's filter form: a GET form, so the filtered list has an address to paste. Keyed on
 * the filter so that "Tout afficher" (a client-side navigation) resets its fields.
 */
export function DirectoryFilters({ filter, collectivites }: { filter: DirectoryFilter; collectivites: { id: number; name: string }[] }) {
  return (
    <Form key={directorySearch(filter, 1)} method="get" className="filters" role="search" aria-label="Filtrer l'annuaire">
      <div className="field">
        <label htmlFor="annuaire-nom">Nom</label>
        <input id="annuaire-nom" name="q" type="search" defaultValue={filter.q} maxLength={100} />
      </div>
      <div className="field">
        <label htmlFor="annuaire-collectivite">Collectivité</label>
        <select id="annuaire-collectivite" name="collectivite" defaultValue={filter.collectiviteId ?? ""}>
          <option value="">Toutes</option>
          {collectivites.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="annuaire-role">Rôle</label>
        <select id="annuaire-role" name="role" defaultValue={filter.role ? roleParams[filter.role] : ""}>
          <option value="">Tous</option>
          {roles.map((role) => (
            <option key={role} value={roleParams[role]}>
              {roleLabels[role]}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__actions">
        <button type="submit" className="button">
          Filtrer
        </button>
        <Link to="/membres">Tout afficher</Link>
      </div>
    </Form>
  );
}

export function DirectoryList({ members }: { members: DirectoryMemberView[] }) {
  if (members.length === 0) return <p>Aucun membre ne correspond.</p>;
  return (
    <table className="directory-table">
      <caption className="visually-hidden">Membres, par ordre alphabétique</caption>
      <thead>
        <tr>
          <th scope="col">Nom</th>
          <th scope="col">Collectivité</th>
          <th scope="col">Rôle</th>
        </tr>
      </thead>
      <tbody>
        {members.map((m) => (
          <tr key={m.id}>
            <th scope="row">
              <Link to={`/membres/${m.id}`}>{m.displayName}</Link>
            </th>
            <td>{m.collectivite ? <Link to={`/collectivites/${m.collectivite.slug}`}>{m.collectivite.name}</Link> : <span className="muted">—</span>}</td>
            <td>{roleLabels[m.role]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DirectoryPagination({ filter, hasNext }: { filter: DirectoryFilter; hasNext: boolean }) {
  if (filter.page === 1 && !hasNext) return null;
  return (
    <nav className="pagination" aria-label="Pages de l'annuaire">
      <ul>
        {filter.page > 1 ? (
          <li>
            <Link to={`/membres${directorySearch(filter, filter.page - 1)}`}>Page précédente</Link>
          </li>
        ) : null}
        <li>
          <span aria-current="page">Page {filter.page}</span>
        </li>
        {hasNext ? (
          <li>
            <Link to={`/membres${directorySearch(filter, filter.page + 1)}`}>Page suivante</Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
