// One-time preparations for the suite, run in order by test/global-setup.ts.
export const setupTasks: Array<() => Promise<void>> = [];
