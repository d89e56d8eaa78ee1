// The simulator in one call, for other stages' tests, fixtures and the demo: a race from a seed,
// its list updates, the whole stream as bytes (one connection, no pacing), the matching start
// list and the expected final results.
import { expectedResults, type ExpectedResults } from './expected-results.js';
import { buildRace, type Race } from './race-model.js';
import { buildRaceScript, finalLists, type ListUpdate } from './race-script.js';
import { startlistText } from './startlist-csv.js';
import { SAMPLE_BLOCK_DATA, WinlaufenStreamEncoder } from './winlaufen-encoder.js';

export interface SimulatedRaceOptions {
  seed?: number;
  competitions?: number;
  runnersPerCompetition?: number;
  window?: number;
  resetEvery?: number;
  blockData?: boolean;
}

export interface SimulatedRace {
  race: Race;
  script: ListUpdate[];
  expected: ExpectedResults;
  /** Startlist.csv text (encode with encodeStartlist for a file). */
  startlistCsv: string;
  /** The stream one connection carries: header, preamble, every update. */
  streamBytes(): Buffer;
}

export function simulateRace(opts: SimulatedRaceOptions = {}): SimulatedRace {
  const race = buildRace({
    seed: opts.seed ?? 1,
    competitions: opts.competitions ?? 3,
    runnersPerCompetition: opts.runnersPerCompetition ?? 60,
  });
  const script = buildRaceScript(race, opts.window ?? 6);
  return {
    race,
    script,
    expected: expectedResults(finalLists(race, script)),
    startlistCsv: startlistText(race),
    streamBytes() {
      const enc = new WinlaufenStreamEncoder(race, {
        resetEvery: opts.resetEvery ?? 50,
        blockData: opts.blockData ? SAMPLE_BLOCK_DATA : null,
      });
      return Buffer.concat([enc.startStream(), ...script.map((u) => enc.encodeUpdate(u))]);
    },
  };
}
