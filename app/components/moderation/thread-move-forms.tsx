import { Form, Link, useNavigation } from "@remix-run/react";

import { FormAlert, InputField, type FieldErrors } from "../form";
import { formatDateTime } from "../../lib/dates";
import { TITLE_MAX, TITLE_MIN } from "../../forum/kinds";
import { targetHint, type MoveFormValues } from "../../moderation/thread-move-form";

/** The split and merge pages' forms: plain forms (no JavaScript needed), then a confirmation step. */

interface ThreadLabel {
  id: number;
  slug: string;
  title: string;
}

interface PostLine {
  id: number;
  position: number;
  authorName: string;
  createdAt: string | Date;
  excerpt: string;
  deleted?: boolean;
  hidden?: boolean;
}

function PostSummary({ post }: { post: PostLine }) {
  return (
    <>
      <strong>n° {post.position}</strong> — {post.authorName}, {formatDateTime(post.createdAt)}
      {post.deleted ? " (supprimé)" : post.hidden ? " (masqué)" : ""}
      {post.excerpt ? <span className="move-excerpt"> : {post.excerpt}</span> : null}
    </>
  );
}

export function MovePostsForm({ posts, version, values, errors }: { posts: PostLine[]; version: number; values: MoveFormValues; errors: FieldErrors }) {
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" className="stack-form stack-form--wide" noValidate>
      <input type="hidden" name="version" value={version} />
      {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
      <fieldset className={errors.postIds ? "fieldset field--error" : "fieldset"} aria-describedby={errors.postIds ? "postIds-erreur" : undefined}>
        <legend>Messages à déplacer</legend>
        <ul className="move-posts">
          {posts.map((post) =>
            post.position === 1 ? (
              <li key={post.id}>
                <PostSummary post={post} />
                <span className="muted"> — premier message du fil : pour le déplacer, fusionnez le fil entier.</span>
              </li>
            ) : (
              <li key={post.id}>
                <label className="checkbox">
                  <input type="checkbox" name="postIds" value={post.id} defaultChecked={values.postIds.includes(String(post.id))} /> <PostSummary post={post} />
                </label>
              </li>
            ),
          )}
        </ul>
        {errors.postIds ? (
          <p id="postIds-erreur" className="field__error">
            {errors.postIds}
          </p>
        ) : null}
      </fieldset>
      <fieldset className={errors.mode ? "fieldset field--error" : "fieldset"} aria-describedby={errors.mode ? "mode-erreur" : undefined}>
        <legend>Destination</legend>
        <label className="checkbox">
          <input type="radio" name="mode" value="existant" defaultChecked={values.mode !== "nouveau"} /> Dans un fil existant
        </label>
        <InputField id="target" name="target" label="Fil d'arrivée" hint={targetHint} defaultValue={values.target} error={errors.target} />
        <label className="checkbox">
          <input type="radio" name="mode" value="nouveau" defaultChecked={values.mode === "nouveau"} /> Dans un nouveau fil
        </label>
        <InputField
          id="title"
          name="title"
          label="Titre du nouveau fil"
          hint={`Entre ${TITLE_MIN} et ${TITLE_MAX} caractères. Le type, les collectivités et les thématiques sont repris du fil d'origine (modifiables ensuite).`}
          maxLength={TITLE_MAX}
          defaultValue={values.title}
          error={errors.title}
        />
        {errors.mode ? (
          <p id="mode-erreur" className="field__error">
            {errors.mode}
          </p>
        ) : null}
      </fieldset>
      <div className="form-actions">
        <button type="submit" name="intent" value="verifier" className="button" disabled={busy}>
          Vérifier le déplacement
        </button>
      </div>
    </Form>
  );
}

interface MovePlanView {
  source: ThreadLabel;
  target: ThreadLabel & { isNew: boolean; version: number };
  posts: PostLine[];
  postCount: number;
  warnings: string[];
}

export function MoveConfirmation({ plan, version, values, backTo }: { plan: MovePlanView; version: number; values: MoveFormValues; backTo: string }) {
  const busy = useNavigation().state !== "idle";
  const count = plan.postCount > 1 ? `ces ${plan.postCount} messages` : "ce message";
  return (
    <section aria-labelledby="confirmer-titre" className="move-confirm">
      <h2 id="confirmer-titre">Confirmer le déplacement</h2>
      <p>
        Déplacer {count} du fil « {plan.source.title} » vers {plan.target.isNew ? `un nouveau fil « ${plan.target.title} »` : `le fil « ${plan.target.title} »`} ? Leurs auteurs, dates, historiques et liens
        permanents sont conservés ; l'acte est consigné au journal.
      </p>
      <ul className="move-posts">
        {plan.posts.map((post) => (
          <li key={post.id}>
            <PostSummary post={post} />
          </li>
        ))}
      </ul>
      {plan.warnings.map((w) => (
        <p key={w} className="alert alert--warning">
          {w}
        </p>
      ))}
      <Form method="post">
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="targetVersion" value={plan.target.version} />
        <input type="hidden" name="mode" value={plan.target.isNew ? "nouveau" : "existant"} />
        <input type="hidden" name="target" value={plan.target.isNew ? "" : String(plan.target.id)} />
        <input type="hidden" name="title" value={plan.target.isNew ? values.title : ""} />
        {plan.posts.map((p) => (
          <input key={p.id} type="hidden" name="postIds" value={p.id} />
        ))}
        <div className="form-actions">
          <button type="submit" name="intent" value="confirmer" className="button" disabled={busy}>
            Confirmer le déplacement
          </button>
          <Link to={backTo}>Modifier le choix</Link>
        </div>
      </Form>
    </section>
  );
}

export function MergeForm({ version, target, error, formError }: { version: number; target: string; error?: string | undefined; formError?: string | undefined }) {
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" className="stack-form" noValidate>
      <input type="hidden" name="version" value={version} />
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <InputField id="target" name="target" label="Fusionner dans le fil" hint={targetHint} defaultValue={target} error={error} />
      <div className="form-actions">
        <button type="submit" name="intent" value="verifier" className="button" disabled={busy}>
          Vérifier la fusion
        </button>
      </div>
    </Form>
  );
}

export function MergeConfirmation({ plan, version, backTo }: { plan: { source: ThreadLabel; target: ThreadLabel & { version: number }; postCount: number; warnings: string[] }; version: number; backTo: string }) {
  const busy = useNavigation().state !== "idle";
  return (
    <section aria-labelledby="confirmer-titre" className="move-confirm">
      <h2 id="confirmer-titre">Confirmer la fusion</h2>
      <p>
        Fusionner le fil « {plan.source.title} » ({plan.postCount > 1 ? `${plan.postCount} messages` : "1 message"}) dans le fil «{" "}
        <Link to={`/fils/${plan.target.id}-${plan.target.slug}`}>{plan.target.title}</Link> » ? Ses messages y seront classés par date, ses abonnés
        suivront le fil d'arrivée, et son adresse y mènera. Le fil « {plan.source.title} » disparaîtra des listes. L'acte est consigné au journal.
      </p>
      {plan.warnings.map((w) => (
        <p key={w} className="alert alert--warning">
          {w}
        </p>
      ))}
      <Form method="post">
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="targetVersion" value={plan.target.version} />
        <input type="hidden" name="target" value={plan.target.id} />
        <div className="form-actions">
          <button type="submit" name="intent" value="confirmer" className="button" disabled={busy}>
            Confirmer la fusion
          </button>
          <Link to={backTo}>Annuler</Link>
        </div>
      </Form>
    </section>
  );
}
