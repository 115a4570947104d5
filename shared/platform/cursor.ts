/** A page cursor: the JSON of where a page ends, base64url, opaque to clients. */
export const encodeCursor = (position: unknown): string =>
  Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

/**
 * The position a cursor holds, or undefined when it holds none (not base64url JSON). The caller
 * still checks that the position is one its own query hands out.
 */
export const decodeCursor = (cursor: string): unknown => {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
};
