import { errors, jwtVerify, SignJWT } from 'jose';
import { ANONYMOUS, ROLES, type Role, unauthenticated, type Viewer } from './viewer.ts';

const ALGORITHM = 'HS256';

export interface TokenClaims {
  sub: string;
  role: Role;
  orderId?: string;
}

/** Signs an HS256 token; `expiresIn` is a jose time span such as `'12h'`. */
export async function signToken(secret: string, claims: TokenClaims, expiresIn: string): Promise<string> {
  const payload: Record<string, string> = { role: claims.role };
  if (claims.orderId) payload.orderId = claims.orderId;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Turns an `Authorization` value into a Viewer. No value means anonymous; a value that is not a valid,
 * unexpired HS256 token with the required claims is rejected outright (never silently downgraded).
 */
export async function authenticate(
  secret: string,
  authorization: string | null | undefined,
): Promise<Viewer> {
  if (!authorization) return ANONYMOUS;
  const match = /^Bearer\s+(\S{1,4096})$/i.exec(authorization.trim());
  if (!match?.[1]) throw unauthenticated('the authorization value must be "Bearer <token>"');
  try {
    const { payload } = await jwtVerify(match[1], new TextEncoder().encode(secret), {
      algorithms: [ALGORITHM],
    });
    const { sub, role, orderId } = payload;
    if (typeof sub !== 'string' || sub.length === 0 || !isRole(role))
      throw unauthenticated('the token lacks sub or role');
    if (role === 'CUSTOMER') {
      if (typeof orderId !== 'string') throw unauthenticated('a customer token must name its orderId');
      return { kind: 'customer', role, sub, orderId };
    }
    return { kind: 'staff', role, sub };
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw unauthenticated('the token has expired');
    if (error instanceof errors.JOSEError) throw unauthenticated('the token is not valid');
    throw error;
  }
}
