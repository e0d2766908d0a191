import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from '../../src/auth/verified-tokens.ts';
import type { Viewer } from '../../src/auth/viewer.ts';

const alice: Viewer = { kind: 'staff', role: 'STAFF', sub: 'alice' };
const bob: Viewer = { kind: 'staff', role: 'STAFF', sub: 'bob' };
const EXP_SECONDS = 1_800_000_000;

describe('VerifiedTokens', () => {
  it.each([
    ['a second before exp', EXP_SECONDS * 1000 - 1000, alice],
    ['a millisecond before exp', EXP_SECONDS * 1000 - 1, alice],
    ['at exp', EXP_SECONDS * 1000, undefined],
    ['after exp', EXP_SECONDS * 1000 + 5000, undefined],
  ])('answers %s as verification would', (_when, nowMs, expected) => {
    const verified = new VerifiedTokens(10);
    verified.set('token-a', { ...alice }, EXP_SECONDS);
    expect(verified.get('token-a', nowMs)).toEqual(expected);
  });

  it('forgets a token once it has expired, even if the clock were to go back', () => {
    const verified = new VerifiedTokens(10);
    verified.set('token-a', alice, EXP_SECONDS);
    expect(verified.get('token-a', EXP_SECONDS * 1000)).toBeUndefined();
    expect(verified.get('token-a', EXP_SECONDS * 1000 - 1000)).toBeUndefined();
  });

  it('knows nothing of a token it was never told', () => {
    expect(new VerifiedTokens(10).get('token-a', 0)).toBeUndefined();
  });

  it('makes room by forgetting the token used least recently when full', () => {
    const verified = new VerifiedTokens(2);
    verified.set('token-a', alice, EXP_SECONDS);
    verified.set('token-b', bob, EXP_SECONDS);
    expect(verified.get('token-a', 0)).toEqual(alice);
    verified.set('token-c', bob, EXP_SECONDS);
    expect(verified.get('token-b', 0)).toBeUndefined();
    expect(verified.get('token-a', 0)).toEqual(alice);
    expect(verified.get('token-c', 0)).toEqual(bob);
  });

  it('hands out a frozen viewer, so no holder can change what another sees', () => {
    const verified = new VerifiedTokens(2);
    verified.set('token-a', { ...alice }, EXP_SECONDS);
    expect(Object.isFrozen(verified.get('token-a', 0))).toBe(true);
  });
});
