import type { ThreadKind } from "../schema";
import type { Block, Doc, Inline } from "./document";
import { chance, randInt, type Rng } from "./random";
import {
  actionNouns,
  complements,
  infinitives,
  nouns,
  pluralSubjects,
  replyOpeners,
  reportSections,
  singularSubjects,
  verbs,
  type Noun,
} from "./vocabulary";
import { zipfPicker } from "./zipf";

/**
 * Titles and post bodies built from the domain vocabulary. Every slot is filled by a Zipf-like
 * draw over its list, so word frequencies in the corpus have the long-tailed shape of real text.
 */

const pickNoun = zipfPicker(nouns, 1.05);
const pickInfinitive = zipfPicker(infinitives, 1);
const pickVerb = zipfPicker(verbs, 1);
const pickSingular = zipfPicker(singularSubjects, 1);
const pickPlural = zipfPicker(pluralSubjects, 1);
const pickComplement = zipfPicker(complements, 0.9);
const pickAction = zipfPicker(actionNouns, 1);
const pickOpener = zipfPicker(replyOpeners, 0.8);

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "de" + "évaluer" → "d'évaluer". */
function de(word: string): string {
  return /^[aeiouéèêhAEIOUÉ]/.test(word) ? `d'${word}` : `de ${word}`;
}

function anotherNoun(rng: Rng, not: Noun): Noun {
  for (let i = 0; i < 5; i++) {
    const n = pickNoun(rng);
    if (n !== not) return n;
  }
  return nouns[(nouns.indexOf(not) + 1) % nouns.length]!;
}

function sentence(rng: Rng): string {
  const n = pickNoun(rng);
  const roll = rng();
  if (roll < 0.3) {
    const [sg, pl, we] = pickVerb(rng);
    const who = rng();
    if (who < 0.4) return `${pickSingular(rng)} ${sg} ${n.the} ${pickComplement(rng)}.`;
    if (who < 0.75) return `${pickPlural(rng)} ${pl} ${n.the} ${pickComplement(rng)}.`;
    return `Nous ${we} ${n.the} ${pickComplement(rng)}.`;
  }
  if (roll < 0.42) return `${capitalize(n.the)} ${n.plural ? "fonctionnent" : "fonctionne"} bien ${pickComplement(rng)}.`;
  if (roll < 0.52) return `Nous recommandons ${de(pickInfinitive(rng))} ${n.the} ${pickComplement(rng)}.`;
  if (roll < 0.6) return `Il faudrait ${pickInfinitive(rng)} ${n.the} avant ${anotherNoun(rng, n).the}.`;
  if (roll < 0.67) return `La question ${n.of} reste ouverte ${pickComplement(rng)}.`;
  if (roll < 0.73) return `Le sujet ${n.of} sera abordé au prochain comité de pilotage.`;
  if (roll < 0.79) return `Au total, ${randInt(rng, 3, 180)} établissements sont concernés par ${n.the}.`;
  if (roll < 0.84) return `Le taux de connexion des familles atteint ${randInt(rng, 12, 94)} % ${pickComplement(rng)}.`;
  if (roll < 0.88) return `Le coût ${n.of} est d'environ ${randInt(rng, 2, 95) * 100} euros par établissement et par an.`;
  if (roll < 0.93) return `Comment ${pickInfinitive(rng)} ${n.the} ${pickComplement(rng)} ?`;
  if (roll < 0.97) return `Quel retour avez-vous sur ${n.the} ${pickComplement(rng)} ?`;
  return `${pickAction(rng)} ${n.of} et ${anotherNoun(rng, n).the} : même combat.`;
}

function sentences(rng: Rng, min: number, max: number): string {
  const count = randInt(rng, min, max);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(sentence(rng));
  return parts.join(" ");
}

/** A paragraph, sometimes with one phrase in bold. */
function paragraph(rng: Rng, min: number, max: number): Block {
  const text = sentences(rng, min, max);
  if (chance(rng, 0.12)) {
    return { type: "paragraph", lines: [[{ strong: capitalize(pickNoun(rng).the) }, ` : ${text}`]] };
  }
  return { type: "paragraph", lines: [[text]] };
}

function listItem(rng: Rng): Inline[] {
  const n = pickNoun(rng);
  const roll = rng();
  if (roll < 0.4) return [`${capitalize(pickInfinitive(rng))} ${n.the} ${pickComplement(rng)}`];
  if (roll < 0.7) return [`${pickAction(rng)} ${n.of}`];
  if (roll < 0.85) return [{ strong: capitalize(n.bare) }, ` : ${sentence(rng)}`];
  return [sentence(rng)];
}

function list(rng: Rng, ordered: boolean): Block {
  const items: Inline[][] = [];
  const count = randInt(rng, 2, 6);
  for (let i = 0; i < count; i++) items.push(listItem(rng));
  return { type: "list", ordered, items };
}

export function threadTitle(rng: Rng, kind: ThreadKind): string {
  const n = pickNoun(rng);
  const roll = rng();
  let title: string;
  switch (kind) {
    case "retour":
      title =
        roll < 0.45
          ? `Retour d'expérience : ${pickAction(rng).toLowerCase()} ${n.of} ${pickComplement(rng)}`
          : roll < 0.8
            ? `${pickAction(rng)} ${n.of} ${pickComplement(rng)} : bilan`
            : `Bilan ${n.of} après ${randInt(rng, 2, 6)} ans`;
      break;
    case "question":
      title =
        roll < 0.45
          ? `Comment ${pickInfinitive(rng)} ${n.the} ${pickComplement(rng)} ?`
          : roll < 0.75
            ? `${capitalize(n.the)} ${pickComplement(rng)} : quelles solutions ?`
            : `Qui utilise ${n.the} ${pickComplement(rng)} ?`;
      break;
    case "discussion":
      title =
        roll < 0.35
          ? `${pickAction(rng)} ${n.of} : vos avis`
          : roll < 0.7
            ? `Faut-il ${pickInfinitive(rng)} ${n.the} ${pickComplement(rng)} ?`
            : `${capitalize(n.the)} et ${anotherNoun(rng, n).the}`;
      break;
    case "gouvernance":
      title =
        roll < 0.5
          ? `Proposition : ${pickInfinitive(rng)} ${n.the} ${pickComplement(rng)}`
          : roll < 0.8
            ? `Gouvernance : ${pickAction(rng).toLowerCase()} ${n.of}`
            : `Clé de répartition ${n.of}`;
      break;
  }
  return title.length <= 150 ? title : `${title.slice(0, 149).trimEnd()}…`;
}

export function openingPost(rng: Rng, kind: ThreadKind): Doc {
  const doc: Doc = [];
  switch (kind) {
    case "retour":
      for (const section of reportSections) {
        doc.push({ type: "heading", level: 2, text: section });
        doc.push(paragraph(rng, 2, 4));
        if (section === "Démarche" && chance(rng, 0.6)) doc.push(list(rng, false));
        if (section === "Résultats" && chance(rng, 0.3)) doc.push(paragraph(rng, 1, 3));
      }
      break;
    case "question":
      doc.push(paragraph(rng, 1, 3));
      if (chance(rng, 0.35)) doc.push(list(rng, true));
      doc.push({ type: "paragraph", lines: [[`${sentence(rng)} Merci d'avance pour vos retours.`]] });
      break;
    case "discussion": {
      const count = randInt(rng, 2, 4);
      for (let i = 0; i < count; i++) doc.push(paragraph(rng, 2, 4));
      if (chance(rng, 0.3)) doc.splice(1, 0, list(rng, false));
      break;
    }
    case "gouvernance":
      doc.push({ type: "heading", level: 2, text: "Proposition" });
      doc.push(paragraph(rng, 2, 4));
      doc.push({ type: "heading", level: 2, text: "Points à trancher" });
      doc.push(list(rng, true));
      if (chance(rng, 0.5)) doc.push(paragraph(rng, 1, 2));
      break;
  }
  return doc;
}

export function replyPost(rng: Rng, signature: string): Doc {
  const doc: Doc = [];
  if (chance(rng, 0.1)) doc.push({ type: "quote", text: sentence(rng) });
  const count = randInt(rng, 1, 3);
  for (let i = 0; i < count; i++) {
    const block = paragraph(rng, 1, 3);
    if (i === 0 && block.type === "paragraph" && chance(rng, 0.55)) block.lines[0]!.unshift(`${pickOpener(rng)} `);
    doc.push(block);
  }
  if (chance(rng, 0.08)) doc.push(list(rng, false));
  if (chance(rng, 0.12)) doc.push({ type: "paragraph", lines: [["Bien cordialement,"], [signature]] });
  return doc;
}
