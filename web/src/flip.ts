// FLIP (First, Last, Invert, Play) for keyed lists: remember where each element was, let the DOM
// change, then animate every moved element from its old place with a transform. Only transform and
// opacity are animated, so the compositor does the work and layout never jumps.
import { reducedMotion } from './dom.js';

export type Positions = Map<HTMLElement, number>;

const EASE = 'cubic-bezier(0.2, 0.8, 0.2, 1)';

export function measure(elements: Iterable<HTMLElement>): Positions {
  const out: Positions = new Map();
  for (const e of elements) if (e.isConnected) out.set(e, e.getBoundingClientRect().top);
  return out;
}

/**
 * Plays the moves since `before` for `elements`; elements not in `before` are new and slide in
 * (from the left, or from above with `enterFrom: 'top'`).
 */
export function play(before: Positions, elements: Iterable<HTMLElement>, opts: { durationMs?: number; enterFrom?: 'left' | 'top' } = {}): number {
  if (reducedMotion()) return 0;
  const duration = opts.durationMs ?? 650;
  let moved = 0;
  for (const e of elements) {
    const top = e.getBoundingClientRect().top;
    const was = before.get(e);
    if (was === undefined) {
      const from = opts.enterFrom === 'top' ? 'translateY(-40%)' : 'translateX(-12%)';
      e.animate([{ transform: from, opacity: 0 }, { transform: 'none', opacity: 1 }], { duration, easing: EASE, delay: 120 });
      moved++;
      continue;
    }
    const dy = was - top;
    if (Math.abs(dy) < 0.5) continue;
    e.animate([{ transform: `translateY(${dy}px)` }, { transform: 'none' }], { duration, easing: EASE });
    moved++;
  }
  return moved;
}

/** A short highlight for a row whose content changed (class `flash` is styled in CSS). */
export function flash(e: HTMLElement): void {
  e.classList.remove('flash');
  // Restart the CSS animation: reading offsetWidth is the documented way to force a restyle.
  void e.offsetWidth;
  e.classList.add('flash');
}
