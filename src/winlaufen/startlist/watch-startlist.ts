// Edge: loads Startlist.csv and reloads it when the file changes. Polling the file's identity
// (inode, size, mtime) survives editors and export tools that replace the file instead of writing
// into it; comparing with what was last LOADED (not with the previous poll) means no change is
// missed, however soon after a load it happens. Changes are debounced so a file still being
// written is read once it is complete. A broken file keeps the previous start list in force and
// reports why (once per change).
import { readFileSync, statSync } from 'node:fs';
import { parseStartList, type StartListLimits } from './parse-startlist.js';
import { StartListError, type StartList } from './types.js';

export function loadStartListFile(path: string, limits?: StartListLimits): StartList {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new StartListError(`cannot read ${path}: ${(e as Error).message}`);
  }
  return parseStartList(bytes, limits);
}

export interface StartListWatcher {
  /** The start list in force (the last one that loaded). */
  current(): StartList | null;
  close(): void;
}

export interface WatchStartListOptions {
  /** A new start list loaded (also the first one). */
  onLoad: (list: StartList) => void;
  /** A load failed; the previous list (if any) stays in force. */
  onError: (error: Error) => void;
  pollIntervalMs?: number;
  debounceMs?: number;
  limits?: StartListLimits;
}

/** The file's identity and version; '' when it does not exist. */
function fileVersion(path: string): string {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch {
    return '';
  }
}

export function watchStartList(path: string, options: WatchStartListOptions): StartListWatcher {
  let current: StartList | null = null;
  let loadedVersion = '';
  let changedAt: number | null = null;
  const debounceMs = options.debounceMs ?? 300;
  const load = (): void => {
    loadedVersion = fileVersion(path);
    try {
      current = loadStartListFile(path, options.limits);
      options.onLoad(current);
    } catch (e) {
      options.onError(e as Error);
    }
  };
  // A change is loaded once the file has stayed the same for debounceMs.
  let pending = '';
  const poll = (): void => {
    const version = fileVersion(path);
    if (version === loadedVersion || version === '') {
      changedAt = null;
      pending = '';
      return;
    }
    const now = Date.now();
    if (version !== pending) {
      pending = version;
      changedAt = now;
      if (debounceMs > 0) return;
    }
    if (changedAt !== null && now - changedAt >= debounceMs) {
      changedAt = null;
      pending = '';
      load();
    }
  };
  load();
  const timer = setInterval(poll, Math.max(10, Math.min(options.pollIntervalMs ?? 1000, debounceMs || 1000)));
  timer.unref();
  return {
    current: () => current,
    close: () => clearInterval(timer),
  };
}
