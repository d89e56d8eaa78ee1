// Ingest authentication: the presented token is compared with the configured one in constant time.
// Both are hashed first so timingSafeEqual sees equal lengths and the length of the secret leaks
// nothing either.
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export interface TokenCheck {
  /** False when the server has no token: then ingest is refused entirely. */
  readonly configured: boolean;
  matches(presented: string | null): boolean;
}

export function tokenCheck(expected: string | undefined | null): TokenCheck {
  const expectedDigest = expected ? digest(expected) : null;
  return {
    configured: expectedDigest !== null,
    matches(presented) {
      if (!expectedDigest || presented === null || presented === '') return false;
      return timingSafeEqual(digest(presented), expectedDigest);
    },
  };
}

/** The token a client presented: `Authorization: Bearer T` wins over `?token=T`. */
export function presentedToken(authorizationHeader: string, queryToken: string): string | null {
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(authorizationHeader);
  if (m) return m[1] ?? null;
  return queryToken !== '' ? queryToken : null;
}
