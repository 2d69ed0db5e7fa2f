import { Form } from "@remix-run/react";

import { formatDate, isoDateTime } from "../../lib/dates";
import { FormAlert } from "../form";

/**
 * /compte: the member's personal Atom feed. The address (with its secret token) is shown once,
 * right after it is created; afterwards only its date, with "regenerate" and "revoke".
 */
export function PersonalFeedSection({
  createdAt,
  newUrl,
  notice,
}: {
  createdAt: string | Date | null;
  newUrl: string | null;
  notice: string | null;
}) {
  return (
    <section aria-labelledby="compte-flux">
      <h2 id="compte-flux">Flux Atom personnel</h2>
      <p>
        Une adresse secrète à coller dans votre lecteur de flux : elle donne les derniers fils que vous pouvez lire, y compris
        ceux réservés aux membres. Ne la partagez pas ; si elle a circulé, régénérez-la.
      </p>
      {notice ? <FormAlert tone="success">{notice}</FormAlert> : null}
      {newUrl ? (
        <div className="field">
          <label htmlFor="flux-personnel">Adresse de votre flux (affichée une seule fois)</label>
          <input id="flux-personnel" type="text" readOnly value={newUrl} className="feed-url" />
        </div>
      ) : createdAt ? (
        <p>
          Votre flux personnel a été créé le <time dateTime={isoDateTime(createdAt)}>{formatDate(createdAt)}</time>. Son adresse
          n'est plus affichée : régénérez-la si vous l'avez perdue (l'ancienne cesse alors de fonctionner).
        </p>
      ) : (
        <p className="muted">Vous n'avez pas de flux personnel.</p>
      )}
      <div className="form-actions">
        <Form method="post">
          <input type="hidden" name="intent" value="feedToken" />
          <button type="submit" className="button">
            {createdAt || newUrl ? "Régénérer l'adresse du flux" : "Créer mon flux personnel"}
          </button>
        </Form>
        {createdAt || newUrl ? (
          <Form method="post">
            <input type="hidden" name="intent" value="feedTokenRevoke" />
            <button type="submit" className="button button--secondary">
              Révoquer le flux
            </button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}
