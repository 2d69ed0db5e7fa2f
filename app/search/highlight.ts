/**
 * Excerpts and titles come from ts_headline over text that the database escaped first (& < >), with
 * <mark> and </mark> as the only markup it adds. This second pass keeps exactly those two tags and
 * escapes any other angle bracket, so the result is safe for dangerouslySetInnerHTML even if the
 * first pass were ever skipped.
 */
export function safeHighlight(html: string): string {
  const parts = html.split(/(<mark>|<\/mark>)/);
  let open = 0;
  let balanced = true;
  for (const part of parts) {
    if (part === "<mark>") open++;
    else if (part === "</mark>") open--;
    if (open < 0 || open > 1) balanced = false;
  }
  if (open !== 0) balanced = false;
  return parts
    .map((part) => {
      if ((part === "<mark>" || part === "</mark>") && balanced) return part;
      return escapeAngles(part === "<mark>" || part === "</mark>" ? "" : part);
    })
    .join("");
}

function escapeAngles(text: string): string {
  // "&" is left alone: the database already wrote it as "&amp;" (and entities must stay entities).
  return text.replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Plain text to HTML text (for excerpts the database did not highlight). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
