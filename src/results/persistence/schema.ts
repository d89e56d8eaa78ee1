// The SQLite layout of the results log: per epoch, snapshots (kept: the latest few) and the deltas
// after them. A delta row is written before the delta is broadcast, so the log is never behind
// what any viewer has seen.
export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS snapshots (
  epoch TEXT NOT NULL,
  seq INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (epoch, seq)
) STRICT;
CREATE TABLE IF NOT EXISTS deltas (
  epoch TEXT NOT NULL,
  seq INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (epoch, seq)
) STRICT;
`;
