/**
 * The filters of /moderation/journal, read from the query string (shared by the loader and the form).
 * Pure: no server code, so the component can use the action labels.
 */

export interface ActionGroup {
  label: string;
  actions: { value: string; label: string }[];
}

export const journalActionGroups: ActionGroup[] = [
  {
    label: "Membres",
    actions: [
      { value: "user.role_changed", label: "Changement de rôle" },
      { value: "user.suspended", label: "Suspension" },
      { value: "user.reactivated", label: "Réactivation" },
      { value: "user.suspension_lifted", label: "Suspension levée" },
      { value: "user.warned", label: "Avertissement" },
      { value: "user.created_by_cli", label: "Compte créé en ligne de commande" },
      { value: "user.password_reset", label: "Mot de passe réinitialisé" },
      { value: "user.sign_in_locked", label: "Connexion bloquée" },
    ],
  },
  {
    label: "Invitations",
    actions: [
      { value: "invitation.created", label: "Invitation envoyée" },
      { value: "invitation.resent", label: "Invitation renvoyée" },
      { value: "invitation.revoked", label: "Invitation révoquée" },
      { value: "invitation.accepted", label: "Invitation acceptée" },
    ],
  },
  {
    label: "Fils",
    actions: [
      { value: "thread.pinned", label: "Fil épinglé" },
      { value: "thread.unpinned", label: "Fil désépinglé" },
      { value: "thread.featured", label: "Fil mis à la une" },
      { value: "thread.unfeatured", label: "Fil retiré de la une" },
      { value: "thread.locked", label: "Fil verrouillé" },
      { value: "thread.unlocked", label: "Fil déverrouillé" },
      { value: "thread.unlisted", label: "Fil retiré des listes" },
      { value: "thread.relisted", label: "Fil remis dans les listes" },
      { value: "thread.visibility_changed", label: "Visibilité changée" },
      { value: "thread.retagged", label: "Titre, type ou étiquettes changés" },
      { value: "thread.posts_moved", label: "Messages déplacés" },
      { value: "thread.merged", label: "Fil fusionné dans un autre" },
    ],
  },
  {
    label: "Messages et signalements",
    actions: [
      { value: "post.hidden", label: "Message masqué" },
      { value: "post.unhidden", label: "Message réaffiché" },
      { value: "post.auto_hidden", label: "Message masqué automatiquement" },
      { value: "post.deleted", label: "Message supprimé" },
      { value: "post.edited", label: "Message modifié par la modération" },
      { value: "reports.resolved", label: "Signalements traités" },
    ],
  },
  {
    label: "Thématiques et collectivités",
    actions: [
      { value: "topic.created", label: "Thématique créée" },
      { value: "topic.updated", label: "Thématique modifiée" },
      { value: "topic.merged", label: "Thématiques fusionnées" },
      { value: "collectivite.created", label: "Collectivité ajoutée" },
      { value: "collectivite.updated", label: "Profil de collectivité modifié" },
    ],
  },
  {
    label: "Gouvernance",
    actions: [
      { value: "governance.status_changed", label: "Statut de proposition changé" },
      { value: "governance.version_saved", label: "Version de texte de référence" },
      { value: "settings.updated", label: "Paramètres du site" },
    ],
  },
  {
    label: "Autres",
    actions: [
      { value: "moderation.refused", label: "Tentative refusée" },
      { value: "demo.removed", label: "Démonstration retirée" },
    ],
  },
];

const knownActions = new Set(journalActionGroups.flatMap((g) => g.actions.map((a) => a.value)));

export interface JournalFilters {
  actorId: number | null;
  action: string | null;
  memberId: number | null;
  threadId: number | null;
  from: string | null;
  to: string | null;
  before: number | null;
}

/** What the form shows back: exactly what was typed. */
export type JournalValues = Record<"acteur" | "action" | "membre" | "fil" | "du" | "au", string>;

export type JournalErrors = Partial<Record<keyof JournalValues, string>>;

export type JournalQuery =
  | { ok: true; filters: JournalFilters; values: JournalValues }
  | { ok: false; errors: JournalErrors; values: JournalValues };

const MAX_ID = 2_147_483_647;

function id(value: string): number | null | undefined {
  if (value === "") return null;
  if (!/^\d{1,10}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= MAX_ID ? n : undefined;
}

/** A calendar date `YYYY-MM-DD` that exists (no 31 February), or undefined. */
export function parseDay(value: string): string | null | undefined {
  if (value === "") return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 2000 || year > 2999) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? value : undefined;
}

export function parseJournalQuery(params: URLSearchParams): JournalQuery {
  const read = (name: string) => (params.get(name) ?? "").trim().slice(0, 100);
  const values: JournalValues = { acteur: read("acteur"), action: read("action"), membre: read("membre"), fil: read("fil"), du: read("du"), au: read("au") };
  const errors: JournalErrors = {};
  const actorId = id(values.acteur);
  if (actorId === undefined) errors.acteur = "Choisissez un membre de la liste.";
  const action = values.action === "" ? null : knownActions.has(values.action) ? values.action : undefined;
  if (action === undefined) errors.action = "Choisissez une action de la liste.";
  const memberId = id(values.membre);
  if (memberId === undefined) errors.membre = "Indiquez le numéro du membre (par exemple 12).";
  const threadId = id(values.fil);
  if (threadId === undefined) errors.fil = "Indiquez le numéro du fil (par exemple 34).";
  const from = parseDay(values.du);
  if (from === undefined) errors.du = "Indiquez une date valide au format AAAA-MM-JJ.";
  const to = parseDay(values.au);
  if (to === undefined) errors.au = "Indiquez une date valide au format AAAA-MM-JJ.";
  if (from && to && from > to) errors.au = "La date de fin doit suivre la date de début.";
  const before = id(read("avant"));
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return {
    ok: true,
    values,
    filters: { actorId: actorId!, action: action!, memberId: memberId!, threadId: threadId!, from: from!, to: to!, before: before ?? null },
  };
}

/** The query string of the current filters (for the pager's links), without the page cursor. */
export function journalSearch(values: JournalValues): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== "") params.set(key, value);
  return params.toString();
}
