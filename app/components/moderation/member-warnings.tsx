import { Form, useLocation } from "@remix-run/react";

import { formatParisDateTime } from "../../lib/format";

/** The member's warnings, at the top of every page until they acknowledge each one. */
export function MemberWarnings({ warnings }: { warnings: { id: number; reason: string; createdAt: string | Date }[] }) {
  const location = useLocation();
  if (warnings.length === 0) return null;
  return (
    <section className="alert alert--warning member-warnings" aria-labelledby="avertissements-titre">
      <h2 id="avertissements-titre">Avertissement de la modération</h2>
      {warnings.map((w) => (
        <div key={w.id} className="member-warnings__item">
          <p className="muted">Le {formatParisDateTime(w.createdAt)} :</p>
          <p dir="auto">{w.reason}</p>
          <Form method="post" action={`/avertissements/${w.id}`}>
            <input type="hidden" name="retour" value={`${location.pathname}${location.search}`} />
            <button type="submit" className="button button--secondary">
              J'ai pris connaissance<span className="visually-hidden"> de l'avertissement du {formatParisDateTime(w.createdAt)}</span>
            </button>
          </Form>
        </div>
      ))}
    </section>
  );
}
