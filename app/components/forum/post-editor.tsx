import { useFetcher, useLocation, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

import { BODY_MAX } from "../../forum/kinds";
import { useMentionCombobox } from "../notifications/mention-combobox";
import { FileAttach, useFileUploads } from "../files/file-attach";
import { draftStorageKey } from "./drafts";

interface PostEditorProps {
  id: string;
  label: string;
  defaultValue: string;
  error?: string | undefined;
  /** The file controls' error (a refused upload). */
  fileError?: string | undefined;
  /** Where the browser keeps the draft while typing (localStorage key). */
  draftKey: string;
  /** Preview rendered by the server after a "Prévisualiser" submission (works without JavaScript). */
  serverPreview?: string | null | undefined;
  rows?: number;
  /**
   * Where the server keeps this draft (`/brouillons`): a thread id, or "nouveau" for a new thread.
   * With JavaScript the text is saved there a moment after typing stops.
   */
  serverDraft?: string | undefined;
}

const SERVER_DRAFT_DELAY = 1200;


/**
 * The Markdown textarea of every post form. Without JavaScript: a plain textarea, and the form's
 * "Prévisualiser" button asks the server for a preview. With JavaScript, it also keeps a draft in
 * the browser while typing (restored after a failed submission or a closed tab, dropped once the
 * post is saved) and shows a live preview rendered by the server's own pipeline.
 */
export function PostEditor({ id, label, defaultValue, error, fileError, draftKey, serverPreview, rows = 14, serverDraft }: PostEditorProps) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const altInput = useRef<HTMLInputElement>(null);
  const files = useFileUploads(
    () => altInput.current?.value ?? "",
    (markdown) => {
      insertAtCursor(markdown);
      if (altInput.current) altInput.current.value = "";
    },
  );
  const onFiles = (list: File[]) => list.forEach((file) => files.upload(file));
  // The page answered with this text (a file joined without JavaScript's help, or the form again).
  useEffect(() => {
    if (textarea.current && textarea.current.value !== defaultValue) textarea.current.value = defaultValue;
  }, [defaultValue]);
  // Keyed by member: another member on this browser never gets this draft back.
  const member = useRouteLoaderData<{ user: { id: number } | null }>("root")?.user ?? null;
  const storageKey = member ? draftStorageKey(member.id, draftKey) : null;
  const [restored, setRestored] = useState(false);
  // The live preview of what is being typed; hidden once that text is published.
  const [liveShown, setLiveShown] = useState(true);
  const preview = useFetcher<{ html: string }>();
  const navigation = useNavigation();
  const location = useLocation();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const draftTimer = useRef<ReturnType<typeof setTimeout>>();
  const draftSave = useFetcher<{ ok: true; savedAt: string | null } | { ok: false; message: string }>();
  useEffect(() => () => clearTimeout(draftTimer.current), []);

  useEffect(() => {
    if (!storageKey) return;
    const saved = window.localStorage.getItem(storageKey);
    if (textarea.current && saved && saved !== textarea.current.value && !serverPreview && !error) {
      textarea.current.value = saved;
      setRestored(true);
    }
  }, [storageKey, serverPreview, error]);

  // A submission that ends on another URL was saved: the draft has done its job.
  useEffect(() => {
    const leaving = navigation.state === "loading" && navigation.formMethod?.toUpperCase() === "POST";
    const elsewhere = `${navigation.location?.pathname}${navigation.location?.search}${navigation.location?.hash}` !== `${location.pathname}${location.search}${location.hash}`;
    if (!leaving || !elsewhere) return;
    if (storageKey) window.localStorage.removeItem(storageKey);
    clearTimeout(timer.current);
    // The same editor stays on the page it returns to (a reply): empty again.
    if (textarea.current) textarea.current.value = defaultValue;
  }, [navigation, location, storageKey, defaultValue]);

  // Once the text is submitted, the live preview of it gives way (to the published post, or to the
  // server's answer); typing again brings it back.
  useEffect(() => {
    const form = textarea.current?.form;
    if (!form) return;
    const onSubmit = () => setLiveShown(false);
    form.addEventListener("submit", onSubmit);
    return () => form.removeEventListener("submit", onSubmit);
  }, []);

  const mentions = useMentionCombobox(textarea, `${id}-mentions`, () => onInput());

  function onInput() {
    setLiveShown(true);
    mentions.onInput();
    const value = textarea.current?.value ?? "";
    if (storageKey) window.localStorage.setItem(storageKey, value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (value.trim()) preview.submit({ body: value }, { method: "post", action: "/apercu" });
    }, 500);
    if (serverDraft) {
      clearTimeout(draftTimer.current);
      draftTimer.current = setTimeout(() => {
        draftSave.submit({ fil: serverDraft, body: textarea.current?.value ?? value }, { method: "post", action: "/brouillons/enregistrer" });
      }, SERVER_DRAFT_DELAY);
    }
  }

  function insertAtCursor(markdown: string) {
    const area = textarea.current;
    if (!area) return;
    const at = area.selectionStart ?? area.value.length;
    const before = area.value.slice(0, at);
    const snippet = `${before && !before.endsWith("\n") ? "\n\n" : ""}${markdown}\n`;
    area.value = `${before}${snippet}${area.value.slice(at)}`;
    area.selectionStart = area.selectionEnd = before.length + snippet.length;
    onInput();
  }

  function discardDraft() {
    if (storageKey) window.localStorage.removeItem(storageKey);
    if (textarea.current) textarea.current.value = defaultValue;
    setRestored(false);
  }

  const describedBy = [`${id}-aide`, error ? `${id}-erreur` : null].filter(Boolean).join(" ");
  const livePreview = liveShown ? preview.data?.html : undefined;
  const shownPreview = livePreview ?? serverPreview ?? null;
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-aide`} className="field__hint">
        Markdown : **gras**, *italique*, listes, tableaux, liens, &gt; citations, @nom pour mentionner un membre.
        {` ${BODY_MAX.toLocaleString("fr-FR")} caractères au plus.`}
      </p>
      {restored ? (
        <p className="field__hint" role="status">
          Brouillon restauré depuis ce navigateur.{" "}
          <button type="button" className="link-button" onClick={discardDraft}>
            Revenir au texte initial
          </button>
        </p>
      ) : null}
      <DraftStatus state={draftSave.state} data={draftSave.data} id={`${id}-brouillon`} />
      <textarea
        ref={textarea}
        id={id}
        name="body"
        rows={rows}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onInput={onInput}
        onDrop={(event) => {
          const dropped = [...event.dataTransfer.files];
          if (dropped.length === 0) return;
          event.preventDefault();
          onFiles(dropped);
        }}
        onPaste={(event) => {
          const pasted = [...event.clipboardData.files];
          if (pasted.length === 0) return;
          event.preventDefault();
          onFiles(pasted);
        }}
        dir="auto"
        className="post-editor"
        {...mentions.textareaProps}
      />
      {mentions.list}
      <FileAttach id={id} error={fileError} altInput={altInput} uploads={files.uploads} onFiles={onFiles} />
      {error ? (
        <p id={`${id}-erreur`} className="field__error">
          {error}
        </p>
      ) : null}
      {shownPreview !== null ? (
        <section className="preview" aria-label="Aperçu du message">
          <h2 className="preview__title">Aperçu</h2>
          <div className="post-body" dir="auto" dangerouslySetInnerHTML={{ __html: shownPreview }} />
        </section>
      ) : null}
    </div>
  );
}

/** Where the server-side draft stands (with JavaScript): saved at, or why not (e.g. over the limit). */
function DraftStatus({
  state,
  data,
  id,
}: {
  state: string;
  data: { ok: true; savedAt: string | null } | { ok: false; message: string } | undefined;
  id: string;
}) {
  let text = "";
  if (state !== "idle") text = "Enregistrement du brouillon…";
  else if (data && data.ok && data.savedAt) text = `Brouillon enregistré à ${new Date(data.savedAt).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" })} (retrouvez-le dans Mes brouillons).`;
  else if (data && !data.ok) text = data.message;
  return (
    <p id={id} className={data && !data.ok ? "field__error" : "field__hint"} role="status" data-draft-status>
      {text}
    </p>
  );
}
