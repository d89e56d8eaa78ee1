// One-time preparations for the suite, run in order by test/global-setup.ts.
import { compileJavaFixtures } from './java.js';
export const setupTasks: Array<() => Promise<void>> = [];
// JDK ground truth (fixtures/java): compile once per run into fixtures/java/build, skipped when up to date.
setupTasks.push(async () => compileJavaFixtures());
