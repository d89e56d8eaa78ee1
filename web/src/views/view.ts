// What every view implements: render the current results (called at most once per frame).
import type { ResultsView } from '../../../src/results/results-view.js';
import type { Finisher } from '../../../src/results/types.js';
import type { Labels } from '../i18n.js';
import type { OverlayParams } from '../params.js';

export interface ViewContext {
  params: OverlayParams;
  t: Labels;
}

export interface OverlayView {
  readonly root: HTMLElement;
  /** `news`: finishers that arrived since the last render, oldest first. */
  render(results: ResultsView, news: readonly Finisher[]): void;
}
