/**
 * The domain vocabulary of the generated corpus: French words and phrases about school digital
 * workspaces, each list ordered from the most to the least frequent (the samplers are Zipf-like,
 * so the first entries appear in a large share of the posts, as "ENT" does in real exchanges).
 *
 * Nothing here may contain Markdown syntax (`*`, `_`, `#`, `[`, `<`, backticks, "http", "www.")
 * or start a line with a digit followed by a dot: the fast renderer relies on it.
 */

/** How a noun takes its article: masculine, feminine, elided (vowel or mute h), plural. */
type Gender = "m" | "f" | "v" | "p";

export interface Noun {
  /** "la messagerie" */
  the: string;
  /** "de la messagerie" */
  of: string;
  /** "à la messagerie" */
  to: string;
  /** "messagerie" */
  bare: string;
  plural: boolean;
}

function noun(spec: string): Noun {
  const [gender, bare] = spec.split(":") as [Gender, string];
  switch (gender) {
    case "m":
      return { the: `le ${bare}`, of: `du ${bare}`, to: `au ${bare}`, bare, plural: false };
    case "f":
      return { the: `la ${bare}`, of: `de la ${bare}`, to: `à la ${bare}`, bare, plural: false };
    case "v":
      return { the: `l'${bare}`, of: `de l'${bare}`, to: `à l'${bare}`, bare, plural: false };
    case "p":
      return { the: `les ${bare}`, of: `des ${bare}`, to: `aux ${bare}`, bare, plural: true };
  }
}

/** What the exchanges are about. */
export const nouns: readonly Noun[] = [
  "v:ENT",
  "f:messagerie",
  "m:cahier de textes",
  "m:déploiement",
  "f:formation des enseignants",
  "p:familles",
  "m:socle commun",
  "v:intégrateur",
  "f:mutualisation des évolutions",
  "m:budget",
  "m:marché public",
  "p:collèges",
  "p:lycées",
  "f:vie scolaire",
  "m:cahier de textes numérique",
  "v:accessibilité RGAA",
  "p:comptes des élèves",
  "p:comptes parents",
  "v:application mobile",
  "v:annuaire fédéré",
  "v:authentification unique",
  "m:portail",
  "p:ressources numériques",
  "v:emploi du temps",
  "m:support de niveau 1",
  "f:hotline",
  "m:plan de formation",
  "f:charte d'utilisation",
  "m:cahier des charges",
  "f:convention de partenariat",
  "v:hébergement",
  "f:sauvegarde des données",
  "f:conformité RGPD",
  "v:audit RGAA",
  "f:gouvernance du projet",
  "p:statuts de l'association",
  "f:cotisation annuelle",
  "m:médiacentre",
  "v:accès aux manuels numériques",
  "m:module d'absences",
  "p:notes et compétences",
  "v:espace documentaire",
  "m:blog pédagogique",
  "m:forum de classe",
  "m:stockage en ligne",
  "f:visioconférence",
  "m:référent numérique",
  "p:chefs d'établissement",
  "p:professeurs documentalistes",
  "m:rectorat",
  "f:délégation académique au numérique",
  "m:groupe de travail",
  "m:comité de pilotage",
  "m:calendrier de généralisation",
  "f:phase pilote",
  "v:équipement des salles",
  "m:réseau des établissements",
  "m:débit internet",
  "p:tablettes",
  "p:postes de travail",
  "v:interopérabilité",
  "m:connecteur de vie scolaire",
  "v:import des emplois du temps",
  "f:rentrée scolaire",
  "f:documentation utilisateur",
  "p:tutoriels vidéo",
  "f:lettre d'information",
  "m:taux de connexion",
  "p:indicateurs d'usage",
  "m:tableau de bord",
  "f:maintenance corrective",
  "f:montée de version",
  "m:code source",
  "f:licence libre",
  "f:feuille de route",
  "v:appel d'offres",
  "f:clé de répartition",
  "m:coût par établissement",
  "p:lycées professionnels",
  "p:écoles primaires",
  "p:élèves en situation de handicap",
  "f:synthèse vocale",
  "m:contraste des couleurs",
  "f:navigation au clavier",
  "p:agents territoriaux",
  "m:service informatique",
  "f:sécurité des comptes",
  "m:mot de passe",
  "f:double authentification",
  "m:journal des connexions",
].map(noun);

/** Infinitives: "déployer la messagerie". */
export const infinitives: readonly string[] = [
  "déployer",
  "former",
  "mutualiser",
  "paramétrer",
  "généraliser",
  "accompagner",
  "documenter",
  "évaluer",
  "financer",
  "tester",
  "simplifier",
  "sécuriser",
  "harmoniser",
  "migrer",
  "auditer",
  "ouvrir",
  "planifier",
  "présenter",
  "faire évoluer",
  "piloter",
];

/** Verbs as [3rd singular, 3rd plural, 1st plural]: "a déployé", "ont déployé", "avons déployé". */
export const verbs: readonly (readonly [string, string, string])[] = [
  ["a déployé", "ont déployé", "avons déployé"],
  ["utilise", "utilisent", "utilisons"],
  ["a généralisé", "ont généralisé", "avons généralisé"],
  ["a testé", "ont testé", "avons testé"],
  ["prépare", "préparent", "préparons"],
  ["a présenté", "ont présenté", "avons présenté"],
  ["accompagne", "accompagnent", "accompagnons"],
  ["a financé", "ont financé", "avons financé"],
  ["a documenté", "ont documenté", "avons documenté"],
  ["a évalué", "ont évalué", "avons évalué"],
  ["souhaite revoir", "souhaitent revoir", "souhaitons revoir"],
  ["a mutualisé", "ont mutualisé", "avons mutualisé"],
  ["a simplifié", "ont simplifié", "avons simplifié"],
  ["a audité", "ont audité", "avons audité"],
  ["suit de près", "suivent de près", "suivons de près"],
  ["a reporté", "ont reporté", "avons reporté"],
  ["a ouvert", "ont ouvert", "avons ouvert"],
  ["a sécurisé", "ont sécurisé", "avons sécurisé"],
];

/** Who acts, singular. */
export const singularSubjects: readonly string[] = [
  "Notre collectivité",
  "Le département",
  "La région",
  "L'équipe projet",
  "L'intégrateur",
  "Le rectorat",
  "Le service informatique",
  "Le comité de pilotage",
  "Le groupe de travail",
  "Chaque établissement",
  "La direction de l'éducation",
  "Le prestataire",
];

/** Who acts, plural. */
export const pluralSubjects: readonly string[] = [
  "Les enseignants",
  "Les familles",
  "Les référents numériques",
  "Les chefs d'établissement",
  "Les élèves",
  "Les professeurs documentalistes",
  "Les agents",
  "Les collèges pilotes",
  "Plusieurs collectivités",
  "Les lycées",
];

/** Where, when, how: "dans les collèges", "depuis la rentrée". */
export const complements: readonly string[] = [
  "dans les collèges",
  "dans les lycées",
  "depuis la rentrée",
  "auprès des familles",
  "pour les enseignants",
  "en phase pilote",
  "avec l'intégrateur",
  "lors de la généralisation",
  "dans le cadre du marché public",
  "sur l'ensemble du territoire",
  "avec le rectorat",
  "dans une trentaine d'établissements",
  "avant les vacances d'hiver",
  "en lien avec la délégation académique",
  "sans surcoût pour les établissements",
  "dans les lycées professionnels",
  "pour les élèves en situation de handicap",
  "au premier trimestre",
  "avec les autres collectivités",
  "dans le respect du RGAA",
  "à budget constant",
  "pendant les congés d'été",
  "dans les écoles primaires",
  "à la demande des familles",
];

/** Nouns of action for titles: "Déploiement de la messagerie". */
export const actionNouns: readonly string[] = [
  "Déploiement",
  "Généralisation",
  "Formation",
  "Mutualisation",
  "Migration",
  "Ouverture",
  "Audit",
  "Mise en place",
  "Évaluation",
  "Financement",
  "Sécurisation",
  "Refonte",
];

/** How a reply often opens. */
export const replyOpeners: readonly string[] = [
  "Merci pour ce retour.",
  "Même constat chez nous.",
  "Bonne question.",
  "Pour compléter :",
  "De notre côté,",
  "Je confirme.",
  "Intéressant.",
  "Merci, c'est très utile.",
  "Nous avons eu la même difficulté.",
  "Je rejoins ce qui a été dit plus haut.",
  "Une précision :",
  "Attention toutefois :",
];

/** Sections of an experience report (the app's template). */
export const reportSections: readonly string[] = ["Contexte", "Démarche", "Résultats", "Enseignements"];
