import type { ArticleChange } from "../../governance/articles";
import { articleLabel } from "../../governance/articles";

const kindLabels: Record<ArticleChange["kind"], string> = {
  same: "inchangé",
  changed: "modifié",
  added: "ajouté",
  removed: "supprimé",
};

function heading(change: ArticleChange): string {
  if (change.after !== null && change.before !== null && change.after !== change.before) {
    return `${articleLabel(change.after)} (anciennement ${articleLabel(change.before).toLowerCase()})`;
  }
  return articleLabel(change.after ?? change.before ?? "");
}

/**
 * The difference between two versions, article by article: words added and removed in `<ins>` and
 * `<del>` with a visually hidden "ajouté" / "supprimé" for screen readers (never colour alone), and
 * both texts side by side on wide screens.
 */
export function ArticleDiff({ changes, beforeNumber, afterNumber, showUnchanged }: { changes: ArticleChange[]; beforeNumber: number; afterNumber: number; showUnchanged: boolean }) {
  const shown = showUnchanged ? changes : changes.filter((c) => c.kind !== "same");
  if (shown.length === 0) return <p>Aucune différence entre ces deux versions.</p>;
  return (
    <div className="article-diff">
      {shown.map((change, index) => (
        <section key={index} className={`article-diff__item article-diff__item--${change.kind}`} aria-labelledby={`diff-${index}`}>
          <h2 id={`diff-${index}`}>
            {heading(change)} <span className="badge badge--muted">{kindLabels[change.kind]}</span>
          </h2>
          <div className="article-diff__columns">
            <div className="article-diff__words">
              <h3 className="visually-hidden">Changements mot à mot</h3>
              <p className="diff">
                {change.segments.map((segment, i) =>
                  segment.kind === "added" ? (
                    <ins key={i}>
                      <span className="visually-hidden">[ajouté : </span>
                      {segment.text}
                      <span className="visually-hidden">]</span>
                    </ins>
                  ) : segment.kind === "removed" ? (
                    <del key={i}>
                      <span className="visually-hidden">[supprimé : </span>
                      {segment.text}
                      <span className="visually-hidden">]</span>
                    </del>
                  ) : (
                    <span key={i}>{segment.text}</span>
                  ),
                )}
              </p>
            </div>
            {change.kind === "changed" ? (
              <div className="article-diff__side" aria-hidden="true">
                <div>
                  <p className="article-diff__caption">Version {beforeNumber}</p>
                  <p className="diff">{change.beforeText}</p>
                </div>
                <div>
                  <p className="article-diff__caption">Version {afterNumber}</p>
                  <p className="diff">{change.afterText}</p>
                </div>
              </div>
            ) : null}
          </div>
        </section>
      ))}
    </div>
  );
}
