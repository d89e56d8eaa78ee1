// The overlay's settings come from the URL only (an OBS browser source has no UI), so every
// parameter is parsed here with a safe default: a typo must never leave a blank graphic.
export type ViewName = 'leaderboard' | 'finisher' | 'results' | 'speaker';
export type Theme = 'light' | 'dark' | 'transparent';
export type Lang = 'de' | 'en';
export type WireEncoding = 'msgpack' | 'json';

export interface OverlayParams {
  view: ViewName;
  /** Competition id; null: all (results, speaker, finisher) or the first one (leaderboard). */
  comp: string | null;
  ageGroup: string | null;
  /** How many rows/cards the view shows (leaderboard, speaker). */
  rows: number;
  theme: Theme;
  lang: Lang;
  /** Size multiplier for the graphics (1 = designed for 1920x1080). */
  scale: number;
  encoding: WireEncoding;
  /** WebSocket URL of the live feed; default: same origin /live. */
  server: string;
  /** Seconds each finisher stays on screen (finisher view). */
  hold: number;
}

const VIEWS: readonly ViewName[] = ['leaderboard', 'finisher', 'results', 'speaker'];
const THEMES: readonly Theme[] = ['light', 'dark', 'transparent'];

/** Graphics for OBS default to transparent; screens people read directly get a solid theme. */
const DEFAULT_THEME: Record<ViewName, Theme> = {
  leaderboard: 'transparent',
  finisher: 'transparent',
  results: 'light',
  speaker: 'dark',
};
const DEFAULT_ROWS: Record<ViewName, number> = { leaderboard: 10, finisher: 1, results: 0, speaker: 6 };

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function numberIn(value: string | null, min: number, max: number, fallback: number): number {
  if (value === null || value.trim() === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function text(value: string | null): string | null {
  const t = value?.trim();
  return t ? t.slice(0, 128) : null;
}

/** `http(s)://` and relative paths are turned into the matching `ws(s)://` URL. */
export function liveUrl(server: string | null, location: { protocol: string; host: string; href: string }): string {
  const fallback = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/live`;
  if (!server) return fallback;
  try {
    const url = new URL(server, location.href);
    if (url.protocol === 'http:') url.protocol = 'ws:';
    else if (url.protocol === 'https:') url.protocol = 'wss:';
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return fallback;
    if (url.pathname === '/' || url.pathname === '') url.pathname = '/live';
    return url.toString();
  } catch {
    return fallback;
  }
}

export function parseParams(search: string, location: { protocol: string; host: string; href: string }): OverlayParams {
  const q = new URLSearchParams(search);
  const view = oneOf(q.get('view'), VIEWS, 'results');
  const langParam = q.get('lang')?.toLowerCase().slice(0, 2) ?? null;
  return {
    view,
    comp: text(q.get('comp')),
    ageGroup: text(q.get('ageGroup')),
    rows: Math.round(numberIn(q.get('rows'), 1, 50, DEFAULT_ROWS[view] || 10)),
    theme: oneOf(q.get('theme'), THEMES, DEFAULT_THEME[view]),
    lang: oneOf(langParam, ['de', 'en'] as const, 'de'),
    scale: numberIn(q.get('scale'), 0.25, 4, 1),
    encoding: oneOf(q.get('encoding'), ['msgpack', 'json'] as const, 'msgpack'),
    server: liveUrl(q.get('server'), location),
    hold: numberIn(q.get('hold'), 1, 60, 6),
  };
}
