// Winlaufen shows names as "NACHNAME Vorname" ("LOGES Margit", "RÄTZ Sigishelm"); start lists
// with separate columns are composed the same way so both sources read alike.
export function composeName(lastName: string | null, firstName: string | null): string | null {
  const last = lastName?.trim() ? lastName.trim().toLocaleUpperCase('de-DE') : null;
  const first = firstName?.trim() ? firstName.trim() : null;
  if (last && first) return `${last} ${first}`;
  return last ?? first;
}
