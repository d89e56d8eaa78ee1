import { fileURLToPath } from 'node:url';

/** The overlay build (dist/web) of this installation, wherever the command is run from. */
export function defaultWebDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  // dist/src/cli/ -> dist/web; under vitest (src/cli/) the build in dist/ is used as well.
  return here.includes('/dist/') ? fileURLToPath(new URL('../../web', import.meta.url)) : fileURLToPath(new URL('../../dist/web', import.meta.url));
}
