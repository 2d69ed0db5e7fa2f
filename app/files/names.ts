import { FILE_NAME_MAX } from "./limits";

/**
 * A stored file name: Unicode NFC, no path (whatever came before the last `/` or `\`), no control,
 * format or separator characters, no leading dots, at most FILE_NAME_MAX characters with the
 * extension kept. Never empty: "fichier" stands in for a name with nothing left.
 */
export function normalizeFileName(raw: string | null | undefined): string {
  let name = (raw ?? "").normalize("NFC");
  name = name.split(/[/\\]/).pop() ?? "";
  name = name
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/gu, "")
    .replace(/[<>:"|?*#%&{}$!'`=@+]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+/, "");
  if (name === "") name = "fichier";
  const chars = [...name];
  if (chars.length <= FILE_NAME_MAX) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : "";
  const stem = [...name.slice(0, extension ? dot : undefined)].slice(0, FILE_NAME_MAX - [...extension].length);
  return `${stem.join("").trimEnd()}${extension}`;
}

/** The lower-case extension of a name, without its dot ("" when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/** The name with its extension replaced (or added). */
export function withExtension(name: string, extension: string): string {
  const dot = name.lastIndexOf(".");
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return normalizeFileName(`${stem}.${extension}`);
}
