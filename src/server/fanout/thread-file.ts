// The fan-out thread's entry as a file a Worker can start: always the built one in dist/ (tests run
// the sources through vitest, whose loader a worker thread does not have).
import { fileURLToPath } from 'node:url';

export function fanoutThreadFile(): string {
  const path = fileURLToPath(new URL('./fanout-thread.js', import.meta.url));
  return path.includes('/dist/') ? path : path.replace(/\/src\/server\/fanout\//, '/dist/src/server/fanout/');
}
