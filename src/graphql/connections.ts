import { type DefaultConnectionArguments, resolveCursorConnection } from '@pothos/plugin-relay';
import { InputError } from '../errors.ts';
import { type KeyPart, type KeyValues, readKey } from './cursor-key-parts.ts';

/**
 * Relay cursor connections (https://relay.dev/graphql/connections.htm) for every list that grows with use.
 *
 * One cursor encoding for all of them: base64url of the JSON array `[list, ...key]`, where `key` is the row's
 * position in the list's order (e.g. `["orders", 42]`). Clients treat cursors as opaque; the list name inside
 * lets a cursor from one list be refused by another instead of silently paging from the wrong place. Every value
 * decoded from a cursor is checked as the type its list declares for it (`cursor-key-parts.ts`) before any query.
 */
export type CursorKey = readonly (string | number)[];

/**
 * Longest cursor accepted (characters). The longest real one holds a 200-character product name: JSON writes each
 * UTF-16 unit in at most 6 bytes (`\uXXXX`), so under 1,300 bytes with the id, and base64 adds a third.
 */
const MAX_CURSOR_LENGTH = 2000;

export function encodeCursor(list: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify([list, ...key])).toString('base64url');
}

/** How a list reads the key back from a cursor. */
export interface CursorKeyReader<Key, Parts extends readonly KeyPart<unknown>[]> {
  /** The key's values, position by position, each read as the type of the column it is compared with. */
  keyParts: Parts;
  /** The list's position from the values read; undefined when they cannot be one of this list's (another change's). */
  toKey: (values: KeyValues<Parts>) => Key | undefined;
}

/**
 * The key inside a cursor of `list`, read by `reader`.
 * @throws InputError naming `argument` when the cursor is not one this list issued (empty, malformed, another list's,
 *   or holding a value of the wrong type or out of its column's range).
 */
export function decodeCursor<Key, Parts extends readonly KeyPart<unknown>[]>(
  list: string,
  cursor: string,
  argument: 'after' | 'before',
  reader: CursorKeyReader<Key, Parts>,
): Key {
  const refuse = () => new InputError(argument, `${argument} must be a cursor returned by ${list}`);
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[\w-]*$/.test(cursor)) throw refuse();
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parts) || parts[0] !== list) throw refuse();
  const values = readKey(reader.keyParts, parts.slice(1));
  const key = values && reader.toKey(values);
  if (key === undefined) throw refuse();
  return key;
}

/** What a list's fetch receives: a window of rows next to the decoded cursors, in list or reverse order. */
export interface PageWindow<Key> {
  /** Rows strictly after this position in list order. */
  after?: Key;
  /** Rows strictly before this position in list order. */
  before?: Key;
  /** Rows to read (one more than the page, to learn whether another page exists). */
  limit: number;
  /** Read in reverse list order (paging backwards with `last`); the connection restores list order. */
  inverted: boolean;
}

export interface ConnectionSource<Node, Key, Parts extends readonly KeyPart<unknown>[]>
  extends CursorKeyReader<Key, Parts> {
  /** The list's name as clients see it (the field name); also the cursor's tag. */
  list: string;
  /** Largest `first`/`last` accepted. */
  maxPageSize: number;
  /** Page size when neither `first` nor `last` is given. */
  defaultPageSize?: number;
  /** The node's key as written into its cursor (JSON values `keyParts` reads back). */
  keyOf: (node: Node) => CursorKey;
  fetch: (window: PageWindow<Key>) => Promise<Node[]>;
}

function checkPageSize(argument: 'first' | 'last', value: number | null | undefined, max: number): void {
  if (value != null && (value < 0 || value > max)) {
    throw new InputError(argument, `${argument} must be between 0 and ${max}`);
  }
}

/**
 * Resolves a Relay connection over a keyset-paginated list.
 * @throws InputError naming `first`, `last`, `after` or `before` when an argument is out of bounds or foreign.
 */
export async function resolveConnection<Node, Key, const Parts extends readonly KeyPart<unknown>[]>(
  args: DefaultConnectionArguments,
  source: ConnectionSource<Node, Key, Parts>,
) {
  checkPageSize('first', args.first, source.maxPageSize);
  checkPageSize('last', args.last, source.maxPageSize);
  if (args.first != null && args.last != null) throw new InputError('last', 'give first or last, not both');
  // An empty string is a cursor no list issued, not the absence of one.
  const after = args.after != null ? decodeCursor(source.list, args.after, 'after', source) : undefined;
  const before = args.before != null ? decodeCursor(source.list, args.before, 'before', source) : undefined;
  const connection = await resolveCursorConnection(
    {
      args,
      maxSize: source.maxPageSize,
      defaultSize: Math.min(source.defaultPageSize ?? 20, source.maxPageSize),
      toCursor: (node: Node) => encodeCursor(source.list, source.keyOf(node)),
    },
    ({ limit, inverted }: { limit: number; inverted: boolean }) =>
      source.fetch({ after, before, limit, inverted }),
  );
  // The helper repeats the request's cursor on an empty page; the spec has no node to point at, so null.
  const empty = connection.edges.length === 0;
  return {
    ...connection,
    pageInfo: {
      ...connection.pageInfo,
      startCursor: empty ? null : connection.pageInfo.startCursor,
      endCursor: empty ? null : connection.pageInfo.endCursor,
    },
  };
}
