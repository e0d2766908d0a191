import type { OrderStatus } from './order-status.ts';

/**
 * The code a customer shows at the counter and the kitchen calls out. Unlike the shop's sequential order
 * number it says nothing about how many orders the shop takes and cannot be guessed from another code.
 *
 * Of the characters that read alike on a screen, a receipt or aloud, at most one is kept (none of 0/O/Q/D,
 * 1/I/L, 2/Z, 5/S, 6/G or U/V; 8 but not B): 20 remain, so a code of 5 has 3.2 million values. Codes are unique
 * among open orders (a partial unique index on `customer_order.pickup_code`); a finished order's code may be drawn
 * again.
 *
 * Open orders can hold every short code (anyone may start orders), and creating an order must not fail for it: when
 * a few short draws collide, the code grows to 7 characters (1.28 billion values), then to the column's 8
 * (25.6 billion, more than the 2^31 order numbers there can ever be, so each draw there succeeds at least 9 times
 * in 10).
 */
export const PICKUP_CODE_ALPHABET = 'ACEFHJKMNPRTWXY34789';

/** The usual length of a code: short to read out. */
export const PICKUP_CODE_LENGTH = 5;

/** The length of a code drawn once short draws keep colliding. */
export const LONG_PICKUP_CODE_LENGTH = 7;

/** The last resort's length: the width of `customer_order.pickup_code`. */
const LONGEST_PICKUP_CODE_LENGTH = 8;

/**
 * Each length in turn, with how many draws it is given before the next: a collision of a short code is expected
 * now and then (one in three draws with a million open orders), of a long one practically never.
 */
const DRAWS_BY_LENGTH: readonly [length: number, draws: number][] = [
  [PICKUP_CODE_LENGTH, 4],
  [LONG_PICKUP_CODE_LENGTH, 4],
  [LONGEST_PICKUP_CODE_LENGTH, 16],
];

/**
 * The length of each code drawn for one order, in turn, until one is free (at 8 characters 16 draws all collide
 * less often than once in 10^17 creations).
 */
export const PICKUP_CODE_DRAW_LENGTHS: readonly number[] = DRAWS_BY_LENGTH.flatMap(([length, draws]) =>
  Array.from({ length: draws }, () => length),
);

/** Orders a customer may still come to the counter for: their codes must not repeat. */
export const OPEN_STATUSES: readonly OrderStatus[] = ['DRAFT', 'VALIDATED', 'PAID', 'PREPARING', 'READY'];

/**
 * A fresh code of `length` characters, e.g. `"K7PXR"`.
 * @param randomBelow a uniformly distributed integer in [0, bound) from a cryptographic source
 *   (node:crypto's `randomInt`), so a customer holding one code learns nothing about the others.
 */
export function newPickupCode(randomBelow: (bound: number) => number, length = PICKUP_CODE_LENGTH): string {
  let code = '';
  for (let i = 0; i < length; i++) code += PICKUP_CODE_ALPHABET[randomBelow(PICKUP_CODE_ALPHABET.length)];
  return code;
}

const PICKUP_CODE = new RegExp(
  `^(?:${DRAWS_BY_LENGTH.map(([length]) => `[${PICKUP_CODE_ALPHABET}]{${length}}`).join('|')})$`,
);

/**
 * The code in text a person typed (any case, spaces or a dash between characters), or undefined when the text
 * cannot be a pickup code.
 */
export function asPickupCode(text: string): string | undefined {
  const code = text.replace(/[\s-]/g, '').toUpperCase();
  return PICKUP_CODE.test(code) ? code : undefined;
}
