// The public surface of the Winlaufen stage.
export * from './list-update.js';
export * from './row-layout.js';
export { readRow } from './read-row.js';
export { RowExtractor, type RowExtractorStats } from './row-extractor.js';
export { shapeSignature } from './shape-signature.js';
export { parseRaceTime, isRaceTime } from './race-time.js';
export { parseRankText } from './rank-text.js';
export * from './json-sender.js';
export * from './startlist/types.js';
export { parseStartList, formatStartListReport, DEFAULT_START_LIST_LIMITS, type StartListLimits } from './startlist/parse-startlist.js';
export { composeName } from './startlist/compose-name.js';
