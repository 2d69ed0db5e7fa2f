import { useState, type RefObject } from "react";

import { FILE_ALT_FIELD, FILE_FIELD, MAX_FILE_BYTES, MAX_FILE_MB } from "../../files/limits";
import { useHydrated } from "../use-hydrated";

interface Upload {
  key: number;
  name: string;
  progress: number;
  message: string | null;
}

let nextKey = 1;

/**
 * The editor's file controls. Without JavaScript: a file input, an image description and a
 * "Joindre le fichier" button that sends the whole form as multipart to the same page, which shows
 * it again with the file's Markdown appended. With JavaScript: choosing, dropping or pasting files
 * uploads each to `POST /fichiers` with a progress bar and inserts its Markdown where the cursor is.
 */
export function useFileUploads(description: () => string, onUploaded: (markdown: string) => void) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const update = (key: number, change: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  function upload(file: File) {
    const key = nextKey++;
    setUploads((list) => [...list, { key, name: file.name || "image", progress: 0, message: null }]);
    if (file.size > MAX_FILE_BYTES) {
      update(key, { message: `Ce fichier dépasse la taille maximale de ${MAX_FILE_MB} Mo.` });
      return;
    }
    const body = new FormData();
    body.append(FILE_ALT_FIELD, description());
    body.append(FILE_FIELD, file, file.name || "image.png");
    const request = new XMLHttpRequest();
    request.open("POST", "/fichiers");
    request.responseType = "json";
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) update(key, { progress: Math.round((event.loaded / event.total) * 100) });
    };
    request.onload = () => {
      const answer = request.response as { ok?: boolean; markdown?: string; message?: string } | null;
      if (request.status === 200 && answer?.ok && answer.markdown) {
        update(key, { progress: 100, message: "Fichier joint." });
        onUploaded(answer.markdown);
      } else {
        update(key, { message: answer?.message ?? (request.status === 413 ? `Ce fichier dépasse la taille maximale de ${MAX_FILE_MB} Mo.` : "L'envoi a échoué.") });
      }
    };
    request.onerror = () => update(key, { message: "L'envoi a échoué : vérifiez votre connexion." });
    request.send(body);
  }

  return { uploads, upload };
}

interface FileAttachProps {
  id: string;
  error?: string | undefined;
  altInput: RefObject<HTMLInputElement>;
  uploads: Upload[];
  onFiles: (files: File[]) => void;
}

export function FileAttach({ id, error, altInput, uploads, onFiles }: FileAttachProps) {
  const hydrated = useHydrated();
  return (
    <fieldset className={error ? "fieldset field--error file-attach" : "fieldset file-attach"}>
      <legend>Joindre un fichier</legend>
      <p className="field__hint" id={`${id}-fichier-aide`}>
        Images (PNG, JPEG, WebP, GIF), PDF, documents OpenDocument ou Office, CSV, texte ; {MAX_FILE_MB} Mo au plus. Une image
        doit être décrite pour les lecteurs qui ne la voient pas.
      </p>
      <div className="field">
        <label htmlFor={`${id}-fichier-description`}>Description de l'image (obligatoire pour une image)</label>
        <input ref={altInput} id={`${id}-fichier-description`} name={FILE_ALT_FIELD} type="text" maxLength={300} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-fichier`}>Fichier</label>
        <input
          id={`${id}-fichier`}
          name={FILE_FIELD}
          type="file"
          aria-describedby={[`${id}-fichier-aide`, error ? `${id}-fichier-erreur` : null].filter(Boolean).join(" ")}
          aria-invalid={error ? true : undefined}
          onChange={(event) => {
            if (!hydrated) return;
            const files = [...(event.currentTarget.files ?? [])];
            event.currentTarget.value = "";
            onFiles(files);
          }}
        />
      </div>
      {error ? (
        <p id={`${id}-fichier-erreur`} className="field__error">
          {error}
        </p>
      ) : null}
      {hydrated ? null : (
        <button type="submit" name="intent" value="upload" formEncType="multipart/form-data" formNoValidate className="button button--secondary">
          Joindre le fichier
        </button>
      )}
      <ul className="file-attach__list" aria-live="polite">
        {uploads.map((u) => (
          <li key={u.key}>
            <label>
              {u.name} <progress max={100} value={u.progress} aria-label={`Envoi de ${u.name}`} />
            </label>
            {u.message ? <span className={u.message === "Fichier joint." ? "" : "field__error"}> {u.message}</span> : null}
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
