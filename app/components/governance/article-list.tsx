import { Link } from "@remix-run/react";

export interface ArticleData {
  number: string;
  label: string;
  anchor: string;
  html: string;
}

/**
 * The articles of a version, each with its anchor (citable), its comment count and, for members
 * who may reply, links to quote or comment it in the proposal's thread.
 */
export function ArticleList({
  articles,
  versionId,
  threadPath,
  counts,
  canReply,
}: {
  articles: ArticleData[];
  versionId: number;
  threadPath: string;
  counts: Record<string, number>;
  canReply: boolean;
}) {
  return (
    <div className="reference-text">
      {articles.map((a) => {
        const count = counts[a.number] ?? 0;
        return (
          <section key={a.anchor} id={a.anchor} className="reference-article" aria-label={a.label}>
            <div className="markdown" dangerouslySetInnerHTML={{ __html: a.html }} />
            {a.number !== "" ? (
              <p className="reference-article__tools">
                {count > 0 ? (
                  <Link to={`/gouvernance/versions/${versionId}/articles/${encodeURIComponent(a.number)}`}>
                    {count} commentaire{count > 1 ? "s" : ""}
                    <span className="visually-hidden"> sur l'{a.label.toLowerCase()}</span>
                  </Link>
                ) : (
                  <span className="muted">Aucun commentaire</span>
                )}
                {canReply ? (
                  <>
                    {" · "}
                    <Link to={`${threadPath}?commenter=${versionId}&article=${encodeURIComponent(a.number)}#repondre`}>
                      Commenter<span className="visually-hidden"> l'{a.label.toLowerCase()}</span>
                    </Link>
                    {" · "}
                    <Link to={`${threadPath}?citer-version=${versionId}&article=${encodeURIComponent(a.number)}#repondre`}>
                      Citer<span className="visually-hidden"> l'{a.label.toLowerCase()}</span> dans une réponse
                    </Link>
                  </>
                ) : null}
              </p>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
