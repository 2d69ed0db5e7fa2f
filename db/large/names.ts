/**
 * The people and places of the generated corpus: members' first and last names, the régions and
 * some départements (the collectivités). Same rule as vocabulary.ts: no Markdown syntax.
 */

export const firstNames: readonly string[] = [
  "Camille", "Claire", "Julien", "Nathalie", "Thomas", "Sophie", "Nicolas", "Isabelle", "Pierre", "Céline",
  "François", "Émilie", "Laurent", "Sandrine", "Stéphane", "Aurélie", "Olivier", "Valérie", "Sébastien", "Hélène",
  "Christophe", "Anne", "Mathieu", "Marie", "David", "Élodie", "Frédéric", "Caroline", "Guillaume", "Virginie",
  "Jérôme", "Agnès", "Benoît", "Delphine", "Yannick", "Léa", "Hugo", "Chloé", "Antoine", "Manon",
  "Karim", "Samia", "Mehdi", "Fatou", "Yacine", "Inès", "Loïc", "Gaëlle", "Rémi", "Maëlle",
];

export const lastNames: readonly string[] = [
  "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
  "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
  "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
  "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
  "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
  "Le Gall", "Kerjean", "Benali", "Diallo", "N'Diaye", "Nguyen", "Da Silva", "Caron", "Masson", "Marchand",
];

/** The French régions (2016 map, with the five overseas régions). */
export const regions: readonly string[] = [
  "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire", "Corse", "Grand Est",
  "Hauts-de-France", "Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie", "Pays de la Loire",
  "Provence-Alpes-Côte d'Azur", "Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte",
];

/** Some départements. */
export const departements: readonly string[] = [
  "Ain", "Aisne", "Allier", "Ardèche", "Ardennes", "Aube", "Aude", "Aveyron", "Bouches-du-Rhône", "Calvados",
  "Cantal", "Charente", "Corrèze", "Côte-d'Or", "Côtes-d'Armor", "Dordogne", "Doubs", "Drôme", "Eure", "Finistère",
  "Gard", "Gironde", "Hérault", "Ille-et-Vilaine", "Isère", "Jura", "Landes", "Loire-Atlantique", "Loiret", "Manche",
  "Marne", "Morbihan", "Moselle", "Nord", "Oise", "Pas-de-Calais", "Puy-de-Dôme", "Bas-Rhin", "Haut-Rhin", "Rhône",
  "Sarthe", "Savoie", "Haute-Savoie", "Somme", "Var", "Vaucluse", "Vendée", "Essonne", "Val-de-Marne",
  "Hauts-de-Seine", "Seine-Saint-Denis", "Val-d'Oise", "Yvelines",
];
