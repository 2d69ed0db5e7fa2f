import { filePath, fileTypeLabel, formatFileSize } from "../../files/limits";

export interface AttachmentData {
  id: string;
  name: string;
  mime: string;
  size: number;
}

/** A post's attachments under its body: name (a link to the file), type and size. */
export function AttachmentList({ postId, attachments }: { postId: number; attachments: AttachmentData[] }) {
  if (attachments.length === 0) return null;
  return (
    <section className="attachments" aria-labelledby={`pj-${postId}`}>
      <h3 id={`pj-${postId}`} className="attachments__title">
        {attachments.length > 1 ? `${attachments.length} pièces jointes` : "Pièce jointe"}
      </h3>
      <ul>
        {attachments.map((file) => (
          <li key={file.id}>
            <a href={filePath(file.id, file.name)}>{file.name}</a>{" "}
            <span className="muted">
              ({fileTypeLabel(file.mime)}, {formatFileSize(file.size)})
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
