// Runs once before the whole suite: prepares what several test files share.
// (Java fixtures are compiled here so test files can run in parallel without racing javac.)
import { setupTasks } from './support/setup-tasks.js';

export default async function setup(): Promise<void> {
  for (const task of setupTasks) await task();
}
