import { decodeJwt } from 'jose';

/**
 * When the bearer token in `authorization` expires (its `exp` claim), in ms since the epoch; undefined when there
 * is no token or no `exp`. Reads the claims only: call it after `authenticate` accepted the same value.
 */
export function tokenExpiresAtMs(authorization: string | null | undefined): number | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
  if (!token) return undefined;
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
