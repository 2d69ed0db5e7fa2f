import type { CollectiviteKind, EntPhase } from "../../db/schema";
import { slugify } from "../forum/slug";
import { textField } from "../lib/form-data";
import { kinds, phases } from "./directory-query";

/**
 * The collectivité forms (add one, edit its ENT profile): shape checks with French messages per
 * field, and the conversions between what a moderator types and what the table stores. Client-safe.
 */

export type Errors = Partial<Record<string, string>>;

export const NAME_MIN = 2;
export const NAME_MAX = 120;
export const ENT_NAME_MAX = 80;
export const INTEGRATOR_MAX = 200;
export const WEBSITE_MAX = 300;
export const DESCRIPTION_MAX = 2000;
export const ESTABLISHMENTS_MAX = 100_000;
/** Path segments of /collectivites/… that are pages, never a collectivité's slug. */
export const reservedCollectiviteSlugs: readonly string[] = ["nouvelle", "modifier"];

/** Every field as typed (strings), kept and shown back when the form is refused. */
export interface ProfileFormValues {
  name: string;
  kind: string;
  slug: string;
  entName: string;
  establishmentCount: string;
  launchDate: string;
  phase: string;
  integrator: string;
  websiteUrl: string;
  description: string;
}

export const profileFields: readonly (keyof ProfileFormValues)[] = [
  "name",
  "kind",
  "slug",
  "entName",
  "establishmentCount",
  "launchDate",
  "phase",
  "integrator",
  "websiteUrl",
  "description",
];

/** The submitted form's fields; a missing one reads as "". */
export function readProfileForm(form: FormData): ProfileFormValues {
  const values = { ...emptyProfileForm };
  for (const field of profileFields) values[field] = textField(form, field);
  return values;
}

/** The profile as the table stores it. */
export interface ProfileInput {
  name: string;
  kind: CollectiviteKind;
  ent_name: string | null;
  establishment_count: number | null;
  launch_date: string | null;
  phase: EntPhase | null;
  integrator: string | null;
  website_url: string | null;
  description: string | null;
}

export const profileColumns: readonly (keyof ProfileInput)[] = [
  "name",
  "kind",
  "ent_name",
  "establishment_count",
  "launch_date",
  "phase",
  "integrator",
  "website_url",
  "description",
];

function isValidDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A launch date at its known precision: "2009", "03/2009" or "2009-03", "12/03/2009" or
 * "2009-03-12" → "2009", "2009-03", "2009-03-12". Undefined for anything else (or an impossible day).
 */
export function parseLaunchDate(text: string): string | null | undefined {
  const value = text.trim();
  if (value === "") return null;
  let year: number, month: number | null = null, day: number | null = null;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(value))) year = Number(m[1]);
  else if ((m = /^(\d{1,2})\/(\d{4})$/.exec(value))) [month, year] = [Number(m[1]), Number(m[2])];
  else if ((m = /^(\d{4})-(\d{2})$/.exec(value))) [year, month] = [Number(m[1]), Number(m[2])];
  else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value))) [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value))) [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return undefined;
  if (year < 1980 || year > 2100) return undefined;
  if (month === null) return String(year);
  if (month < 1 || month > 12) return undefined;
  if (day === null) return `${year}-${pad(month)}`;
  return isValidDay(year, month, day) ? `${year}-${pad(month)}-${pad(day)}` : undefined;
}

/** The stored date as the form shows it: "2009", "03/2009", "12/03/2009". */
export function launchDateForForm(stored: string | null): string {
  if (!stored) return "";
  const [year, month, day] = stored.split("-");
  return [day, month, year].filter(Boolean).join("/");
}

/** http and https addresses only, with a host; normalized (scheme and host in lower case). */
export function parseWebsite(text: string): string | null | undefined {
  const value = text.trim();
  if (value === "") return null;
  if (/\s/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname || url.username || url.password) return undefined;
  return url.href;
}

function optionalText(value: string, max: number, field: string, label: string, errors: Errors): string | null {
  const text = value.trim();
  const length = [...text].length;
  if (length > max) errors[field] = `${label} ne doit pas dépasser ${max} caractères (${length} actuellement).`;
  return text === "" ? null : text;
}

/** Checks the profile fields (and, with `withSlug`, the address of a new collectivité). */
export function parseProfileForm(
  values: ProfileFormValues,
  { withSlug }: { withSlug: boolean },
): { ok: true; input: ProfileInput; slug: string } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  const name = values.name.replace(/\s+/g, " ").trim();
  const nameLength = [...name].length;
  if (nameLength === 0) errors.name = "Indiquez le nom de la collectivité.";
  else if (nameLength < NAME_MIN) errors.name = `Le nom doit faire au moins ${NAME_MIN} caractères.`;
  else if (nameLength > NAME_MAX) errors.name = `Le nom ne doit pas dépasser ${NAME_MAX} caractères (${nameLength} actuellement).`;
  const kind = kinds.find((k) => k === values.kind);
  if (!kind) errors.kind = "Choisissez le type de collectivité.";
  let slug = "";
  if (withSlug) {
    slug = values.slug.trim() === "" ? slugify(name) : values.slug.trim();
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 80) {
      errors.slug = "L'adresse ne peut contenir que des minuscules sans accent, des chiffres et des tirets (80 au plus), par exemple « ville-de-paris ».";
    } else if (reservedCollectiviteSlugs.includes(slug)) errors.slug = `L'adresse « ${slug} » est réservée par le site : choisissez-en une autre.`;
  }
  const ent_name = optionalText(values.entName, ENT_NAME_MAX, "entName", "Le nom de l'ENT", errors);
  const countText = values.establishmentCount.replace(/[\s\u00a0\u202f]/g, "");
  let establishment_count: number | null = null;
  if (countText !== "") {
    if (!/^\d{1,6}$/.test(countText) || Number(countText) > ESTABLISHMENTS_MAX) {
      errors.establishmentCount = `Indiquez un nombre entier d'établissements, entre 0 et ${ESTABLISHMENTS_MAX.toLocaleString("fr-FR")}, par exemple 470.`;
    } else establishment_count = Number(countText);
  }
  const launch_date = parseLaunchDate(values.launchDate);
  if (launch_date === undefined) {
    errors.launchDate = "Date de lancement invalide : écrivez l'année (2009), le mois (03/2009) ou le jour (12/03/2009), entre 1980 et 2100.";
  }
  let phase: EntPhase | null = null;
  if (values.phase !== "") {
    const found = phases.find((p) => p === values.phase);
    if (!found) errors.phase = "Choisissez une phase de la liste.";
    else phase = found;
  }
  const integrator = optionalText(values.integrator, INTEGRATOR_MAX, "integrator", "L'intégrateur", errors);
  const website_url = parseWebsite(values.websiteUrl);
  if (website_url === undefined) errors.websiteUrl = "Adresse invalide : indiquez une adresse web complète commençant par https:// ou http://.";
  else if (website_url !== null && website_url.length > WEBSITE_MAX) errors.websiteUrl = `L'adresse ne doit pas dépasser ${WEBSITE_MAX} caractères.`;
  const description = optionalText(values.description, DESCRIPTION_MAX, "description", "La description", errors);
  if (Object.keys(errors).length > 0 || !kind || launch_date === undefined || website_url === undefined) return { ok: false, errors };
  return {
    ok: true,
    slug,
    input: { name, kind, ent_name, establishment_count, launch_date, phase, integrator, website_url, description },
  };
}

/** The form's values for a stored collectivité. */
export function profileFormValues(c: {
  name: string;
  kind: string;
  slug: string;
  ent_name: string | null;
  establishment_count: number | null;
  launch_date: string | null;
  phase: string | null;
  integrator: string | null;
  website_url: string | null;
  description: string | null;
}): ProfileFormValues {
  return {
    name: c.name,
    kind: c.kind,
    slug: c.slug,
    entName: c.ent_name ?? "",
    establishmentCount: c.establishment_count === null ? "" : String(c.establishment_count),
    launchDate: launchDateForForm(c.launch_date),
    phase: c.phase ?? "",
    integrator: c.integrator ?? "",
    websiteUrl: c.website_url ?? "",
    description: c.description ?? "",
  };
}

export const emptyProfileForm: ProfileFormValues = {
  name: "",
  kind: "",
  slug: "",
  entName: "",
  establishmentCount: "",
  launchDate: "",
  phase: "",
  integrator: "",
  websiteUrl: "",
  description: "",
};
