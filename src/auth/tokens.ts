import { decodeJwt, errors, jwtVerify, SignJWT } from 'jose';
import { isUuid } from '../ids.ts';
import { VerifiedTokens } from './verified-tokens.ts';
import { ANONYMOUS, MAX_ACTOR_LENGTH, ROLES, type Role, unauthenticated, type Viewer } from './viewer.ts';

const ALGORITHM = 'HS256';

/**
 * Longest a token may live, from `iat` to `exp`: 7 days (in seconds). There is no revocation list, so a lost
 * device's token stops working within this time at the latest; a shop re-mints its devices' tokens weekly.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

export class TokenLifetimeError extends RangeError {}

/** A claim no token may carry (see `subjectProblem`, `orderIdProblem`); the message names the claim. */
export class TokenClaimError extends RangeError {}

/** Control characters (Unicode Cc: U+0000-U+001F, U+007F-U+009F); PostgreSQL's text cannot store U+0000. */
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * Why `sub` cannot be a token's subject, or undefined when it can: it is recorded as the actor of every
 * change the token makes, so it must fit that column (1-`MAX_ACTOR_LENGTH` characters) and hold no control
 * character. Checked where tokens are minted and again where they are verified.
 */
export function subjectProblem(sub: string): string | undefined {
  if (sub.length === 0 || sub.length > MAX_ACTOR_LENGTH) {
    return `sub must be 1-${MAX_ACTOR_LENGTH} characters`;
  }
  if (CONTROL_CHARACTER.test(sub))
    return 'sub must not contain control characters (U+0000-U+001F, U+007F-U+009F)';
  return undefined;
}

/** Why `orderId` cannot name a customer token's order, or undefined when it can (every order id is a UUID). */
export function orderIdProblem(orderId: string): string | undefined {
  return isUuid(orderId) ? undefined : 'orderId must be an order id (a UUID)';
}

export interface TokenClaims {
  sub: string;
  role: Role;
  orderId?: string;
}

/**
 * Signs an HS256 token carrying `sub`, `role`, `orderId` (customers), `iat` and `exp`.
 *
 * @param expiresIn a jose time span such as `'12h'` or `'7d'`, at most `MAX_TOKEN_LIFETIME_SECONDS`.
 * @throws TokenLifetimeError when `expiresIn` is not in the future, or longer than the maximum lifetime (each
 *   says which).
 * @throws TokenClaimError when `sub` or `orderId` could not be carried (see `subjectProblem`, `orderIdProblem`).
 */
export async function signToken(secret: string, claims: TokenClaims, expiresIn: string): Promise<string> {
  const problem =
    subjectProblem(claims.sub) ?? (claims.orderId !== undefined ? orderIdProblem(claims.orderId) : undefined);
  if (problem) throw new TokenClaimError(problem);
  const payload: Record<string, string> = { role: claims.role };
  if (claims.orderId) payload.orderId = claims.orderId;
  const jwt = new SignJWT(payload).setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' }).setSubject(claims.sub);
  try {
    jwt.setIssuedAt().setExpirationTime(expiresIn);
  } catch (error) {
    // jose refuses a span it cannot read ("Invalid time period format").
    if (!(error instanceof TypeError)) throw error;
    throw new TokenLifetimeError(`"${expiresIn}" is not a lifetime such as 30m, 12h or 7d`);
  }
  const token = await jwt.sign(new TextEncoder().encode(secret));
  const { iat = 0, exp = 0 } = decodeJwt(token);
  if (exp <= iat) {
    throw new TokenLifetimeError(
      `a token must expire after it is issued; "${expiresIn}" is not in the future`,
    );
  }
  if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new TokenLifetimeError(
      `a token lives at most ${MAX_TOKEN_LIFETIME_SECONDS / 86_400} days; "${expiresIn}" is longer`,
    );
  }
  return token;
}

/** Accepted tokens per signing secret (a process has one; tests start servers with several). */
const verifiedBySecret = new Map<string, VerifiedTokens>();
/** Enough for every device of a large shop; beyond it the oldest is verified again when it next comes. */
const VERIFIED_TOKENS_PER_SECRET = 10_000;

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Turns an `Authorization` value into a Viewer. No value means anonymous; a value that is not a valid,
 * unexpired HS256 token with the required claims is rejected outright (never silently downgraded). Every token
 * must state `iat` and `exp` at most `MAX_TOKEN_LIFETIME_SECONDS` apart, and `iat` must not lie in the future:
 * a token that never expires, or that its signer made to outlive the maximum, is refused. A subject that could
 * not be recorded (`subjectProblem`) or a customer `orderId` that is no order id makes the token invalid too.
 */
export async function authenticate(
  secret: string,
  authorization: string | null | undefined,
): Promise<Viewer> {
  if (!authorization) return ANONYMOUS;
  const match = /^Bearer\s+(\S{1,4096})$/i.exec(authorization.trim());
  const token = match?.[1];
  if (!token) throw unauthenticated('the authorization value must be "Bearer <token>"');
  let verified = verifiedBySecret.get(secret);
  if (!verified) {
    verified = new VerifiedTokens(VERIFIED_TOKENS_PER_SECRET);
    verifiedBySecret.set(secret, verified);
  }
  const known = verified.get(token, Date.now());
  if (known) return known;
  const viewer = await verify(secret, token);
  verified.set(token, viewer.viewer, viewer.exp);
  return viewer.viewer;
}

/** Full verification of `token` (signature, algorithm, claims, lifetime): the viewer and its `exp` (seconds). */
async function verify(secret: string, token: string): Promise<{ viewer: Viewer; exp: number }> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: [ALGORITHM],
      requiredClaims: ['iat', 'exp'],
      maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
    });
    const { sub, role, orderId, iat, exp } = payload;
    if (iat === undefined || exp === undefined || exp - iat > MAX_TOKEN_LIFETIME_SECONDS) {
      throw unauthenticated(
        `the token outlives the maximum lifetime of ${MAX_TOKEN_LIFETIME_SECONDS / 86_400} days (exp - iat)`,
      );
    }
    if (typeof sub !== 'string' || sub.length === 0 || !isRole(role))
      throw unauthenticated('the token lacks sub or role');
    const subject = subjectProblem(sub);
    if (subject) throw unauthenticated(`the token is not valid: ${subject}`);
    if (role === 'CUSTOMER') {
      if (typeof orderId !== 'string') throw unauthenticated('a customer token must name its orderId');
      const order = orderIdProblem(orderId);
      if (order) throw unauthenticated(`the token is not valid: ${order}`);
      return { viewer: { kind: 'customer', role, sub, orderId }, exp };
    }
    return { viewer: { kind: 'staff', role, sub }, exp };
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw unauthenticated('the token has expired');
    if (error instanceof errors.JWTClaimValidationFailed) {
      throw unauthenticated(`the token's "${error.claim}" claim is missing or not valid`);
    }
    if (error instanceof errors.JOSEError) throw unauthenticated('the token is not valid');
    throw error;
  }
}
