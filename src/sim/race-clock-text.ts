// Times as Winlaufen prints them in result lists: "H:MM:SS.t" (hours unpadded, tenths).

/** `ms` must be a whole number of tenths; "4:30:15.9", "0:00:00.0". */
export function formatRaceTime(ms: number): string {
  const tenths = Math.round(ms / 100);
  const t = tenths % 10;
  const totalSeconds = Math.floor(tenths / 10);
  const s = totalSeconds % 60;
  const m = Math.floor(totalSeconds / 60) % 60;
  const h = Math.floor(totalSeconds / 3600);
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${t}`;
}
