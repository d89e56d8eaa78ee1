// The public surface of the results stage. Browser code imports types.js, order.js,
// results-view.js and filter.js directly (no Node APIs there).
export * from './types.js';
export { compareRows, compareCompetitionIds } from './order.js';
export { ResultsView, ResultsSyncError, type ResultsViewOptions } from './results-view.js';
export { ResultsState, type ResultsStateOptions, type ResultsStateStats, type ResultsStateDocument } from './results-state.js';
export { toResultsDocument, type ResultsDocument } from './results-document.js';
export { filterSnapshot, filterDelta } from './filter.js';
export { newEpochId } from './epoch.js';
export { effectiveRow, diffRow, type StreamRow } from './effective-row.js';
export { listUpdatesOf } from './list-updates-of.js';
