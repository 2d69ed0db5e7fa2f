import { Form, Link } from "@remix-run/react";

import { AuthorName } from "../members/author-name";
import { RelativeTime } from "./time";

export interface AcceptedAnswerItem {
  postId: number;
  position: number;
  authorId: number;
  authorName: string;
  authorPublicProfile: boolean;
  createdAt: string | Date;
  excerpt: string;
}

/** Right under the question: the accepted answer, its start and a link to its place in the thread. */
export function AcceptedAnswer({ answer, now }: { answer: AcceptedAnswerItem; now: number }) {
  const excerpt = answer.excerpt.length >= 400 ? `${answer.excerpt.trimEnd()}…` : answer.excerpt;
  return (
    <section className="accepted-answer" aria-labelledby="reponse-acceptee-titre">
      <h2 id="reponse-acceptee-titre" className="accepted-answer__title">
        <span aria-hidden="true">✓ </span>Réponse acceptée
      </h2>
      <p className="muted">
        Par <AuthorName id={answer.authorId} name={answer.authorName} publicProfile={answer.authorPublicProfile} />,{" "}
        <RelativeTime value={answer.createdAt} now={now} />
      </p>
      <p className="accepted-answer__excerpt" dir="auto">
        {excerpt}
      </p>
      <p>
        <Link to={`/messages/${answer.postId}`}>Lire la réponse à sa place dans le fil (message {answer.position})</Link>
      </p>
    </section>
  );
}

/** Under a reply, for the question's author and moderators: accept it, or withdraw it. */
export function AcceptAnswerControl({ postId, accepted }: { postId: number; accepted: boolean }) {
  return (
    <Form method="post" action={`/messages/${postId}/accepter`} className="accept-answer">
      <input type="hidden" name="intent" value={accepted ? "remove" : "accept"} />
      {accepted ? <span className="badge badge--resolved">Réponse acceptée</span> : null}{" "}
      <button type="submit" className="button button--secondary">
        {accepted ? "Ne plus accepter cette réponse" : "Accepter comme réponse"}
      </button>
    </Form>
  );
}
