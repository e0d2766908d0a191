import type { OrderStatus } from './order-status.ts';

/**
 * The code a customer shows at the counter and the kitchen calls out. Unlike the shop's sequential order
 * number it says nothing about how many orders the shop takes and cannot be guessed from another code.
 *
 * Of the characters that read alike on a screen, a receipt or aloud, at most one is kept (none of 0/O/Q/D,
 * 1/I/L, 2/Z, 5/S, 6/G or U/V; 8 but not B): 20 remain, so a code of 5 has 3.2 million values. Codes are unique among open orders (a partial
 * unique index on `customer_order.pickup_code`); a finished order's code may be drawn again.
 */
export const PICKUP_CODE_ALPHABET = 'ACEFHJKMNPRTWXY34789';

export const PICKUP_CODE_LENGTH = 5;

/** Orders a customer may still come to the counter for: their codes must not repeat. */
export const OPEN_STATUSES: readonly OrderStatus[] = ['DRAFT', 'VALIDATED', 'PAID', 'PREPARING', 'READY'];

/**
 * A fresh code, e.g. `"K7PXR"`.
 * @param randomBelow a uniformly distributed integer in [0, bound) from a cryptographic source
 *   (node:crypto's `randomInt`), so a customer holding one code learns nothing about the others.
 */
export function newPickupCode(randomBelow: (bound: number) => number): string {
  let code = '';
  for (let i = 0; i < PICKUP_CODE_LENGTH; i++)
    code += PICKUP_CODE_ALPHABET[randomBelow(PICKUP_CODE_ALPHABET.length)];
  return code;
}

const PICKUP_CODE = new RegExp(`^[${PICKUP_CODE_ALPHABET}]{${PICKUP_CODE_LENGTH}}$`);

/**
 * The code in text a person typed (any case, spaces or a dash between characters), or undefined when the text
 * cannot be a pickup code.
 */
export function asPickupCode(text: string): string | undefined {
  const code = text.replace(/[\s-]/g, '').toUpperCase();
  return PICKUP_CODE.test(code) ? code : undefined;
}
