import path from 'node:path';

/** Where pgcascade keeps its state DB, key file and local clusters. */
export function dataRoot(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PGCASCADE_DATA_DIR || './data');
}
