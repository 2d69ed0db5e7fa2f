/** The Markdown that quotes an article of a given version, with a link to that version. Client-safe. */
export function quoteVersionMarkdown(input: { versionNumber: number; link: string; label: string; markdown: string }): string {
  const quoted = input.markdown
    .trim()
    .split("\n")
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
  return `> [${input.label}, version ${input.versionNumber} du texte de référence](${input.link}) :\n>\n${quoted}\n\n`;
}
