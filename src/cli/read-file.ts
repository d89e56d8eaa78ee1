import { open, stat } from 'node:fs/promises';
import { CliError } from './fatal.js';

/** Checks that `path` names a readable regular file, turning the OS error into a clear message. */
export async function assertReadableFile(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${path}: no such file`);
    if (code === 'EACCES') throw new CliError(`${path}: permission denied`);
    throw new CliError(`${path}: cannot read (${code ?? (err as Error).message})`);
  }
  if (!info.isFile()) throw new CliError(`${path}: not a regular file`);
  try {
    const fh = await open(path, 'r');
    await fh.close();
  } catch (err) {
    throw new CliError(`${path}: cannot open (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
