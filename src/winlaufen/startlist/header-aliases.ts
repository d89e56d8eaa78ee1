// Header names as start list exports spell them -> our fields. Matching ignores case, spaces,
// punctuation and umlaut spelling ("Geschl.", "Altersklasse", "Nationalität" = "Nationalitaet").
import type { StartField } from './types.js';

const ALIASES: Record<StartField, string[]> = {
  bib: ['stnr', 'startnr', 'startnummer', 'startno', 'nr', 'nummer', 'bib', 'bibnr', 'bibnumber', 'snr'],
  name: ['name', 'teilnehmer', 'fullname'],
  lastName: ['nachname', 'familienname', 'lastname', 'surname'],
  firstName: ['vorname', 'firstname', 'givenname'],
  club: ['verein', 'club', 'team', 'mannschaft', 'vereinteam', 'verband'],
  ageGroup: ['ak', 'altersklasse', 'klasse', 'agegroup', 'kategorie', 'category'],
  nation: ['nat', 'nation', 'land', 'country', 'nationalitaet', 'staat'],
  year: ['jg', 'jahrgang', 'geburtsjahr', 'year', 'yob', 'birthyear'],
  gender: ['g', 'geschl', 'geschlecht', 'sex', 'gender', 'mw'],
  competition: ['wettbewerb', 'wettkampf', 'strecke', 'lauf', 'competition', 'race', 'distanz', 'distance'],
};

export function normaliseHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[^a-z0-9]/g, '');
}

const BY_ALIAS = new Map<string, StartField>(
  Object.entries(ALIASES).flatMap(([field, names]) => names.map((n) => [n, field as StartField] as const)),
);

export function headerField(header: string): StartField | null {
  return BY_ALIAS.get(normaliseHeader(header)) ?? null;
}
