import { Marked } from "marked";
import { sanitizeHtml } from "./app/markdown/sanitize.server";
import { mentionExtension } from "./app/markdown/mentions";
const N = Number(process.env.N ?? 50_000);
const m = new Marked({ gfm: true, breaks: true, extensions: [mentionExtension] });
const prose = "Bonjour à tous, voici notre **retour** sur le _déploiement_ de l'ENT dans les lycées de la région. Nous avons `utilisé` [ce guide](https://exemple.fr/guide) et @marie nous a aidés.\n\n";
const cases: Record<string, string> = {
  prose: prose.repeat(Math.ceil(N / prose.length)).slice(0, N),
  lt: "<".repeat(N),
  starA: "*a".repeat(N/2),
  under: "_a".repeat(N/2),
  bracket: "[".repeat(N),
  links: "[a](b)".repeat(N/6),
  table: "|a|b|\n|-|-|\n" + "|x|y|\n".repeat(N/6),
};
function t<T>(f: () => T): [T, number] { const s = performance.now(); const r = f(); return [r, performance.now() - s]; }
for (let i = 0; i < 5; i++) m.parser(m.lexer(cases.prose!)), sanitizeHtml(m.parser(m.lexer(cases.prose!)));
for (const [name, src] of Object.entries(cases)) {
  const out = [];
  for (let i = 0; i < 3; i++) {
  const [tok, a] = t(() => m.lexer(src));
  const [html, b] = t(() => m.parser(tok));
  const [, c] = t(() => sanitizeHtml(html));
  out.push(`lex ${a.toFixed(0)} parse ${b.toFixed(0)} san ${c.toFixed(0)}`);
  }
  console.log(name.padEnd(10), out.join(" | "));
}
