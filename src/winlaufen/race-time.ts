// Race times as Winlaufen prints them: [[H:]M]M:SS[.t...] or H:MM:SS, with or without tenths.
// We keep the text as sent (that is what people read); parsing only tells a time from a status.

const RACE_TIME = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/;

/** Milliseconds of a race time text, or null when the text is not a race time ("DNF", ""). */
export function parseRaceTime(text: string): number | null {
  const m = RACE_TIME.exec(text.trim());
  if (!m) return null;
  const hours = m[1] === undefined ? 0 : Number(m[1]);
  const minutes = Number(m[2]);
  const seconds = Number(m[3]);
  if (seconds >= 60 || (m[1] !== undefined && minutes >= 60)) return null;
  const fraction = m[4] === undefined ? 0 : Number(m[4].padEnd(3, '0'));
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction;
}

export function isRaceTime(text: string): boolean {
  return parseRaceTime(text) !== null;
}
