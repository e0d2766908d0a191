/**
 * Mints a token for operators: `npm run token -- --role ADMIN --sub alice [--order <id>] [--expires 12h]`.
 * Signs with `JWT_SECRET`, or (embedded default) with the secret stored beside the data in `PGLITE_DIR`, so a
 * token minted here works against `./pos start` run from the same folder.
 */
import { parseCommandLine } from '../command-line.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { embeddedSigningSecret } from './embedded-secret.ts';
import {
  MAX_TOKEN_LIFETIME_SECONDS,
  orderIdProblem,
  signToken,
  subjectProblem,
  TokenLifetimeError,
} from './tokens.ts';
import { MAX_ACTOR_LENGTH, ROLES, type Role } from './viewer.ts';

const USAGE = `usage: npm run token -- --role ${ROLES.join('|')} --sub <name> [--order <orderId>] [--expires 12h]

Prints a signed token. --sub names the device or person (it appears in logs and order history): 1-${MAX_ACTOR_LENGTH}
characters, no control characters. CUSTOMER tokens need --order (an order id). --expires takes 30m, 12h, 7d
(at most ${MAX_TOKEN_LIFETIME_SECONDS / 86_400}d). Signs with JWT_SECRET, or with the secret of the embedded database in this folder.`;

const { values } = parseCommandLine(USAGE, {
  role: { type: 'string', default: 'STAFF' },
  sub: { type: 'string' },
  order: { type: 'string' },
  expires: { type: 'string', default: '12h' },
});
const role = values.role as Role;

/** What is wrong with the arguments, named by option, or undefined. */
function argumentProblem(): string | undefined {
  if (!ROLES.includes(role)) return `--role must be one of ${ROLES.join(', ')}`;
  if (!values.sub) return '--sub is required';
  const subject = subjectProblem(values.sub);
  if (subject) return `--${subject}`;
  if (role === 'CUSTOMER' && !values.order) return '--order is required for a CUSTOMER token';
  const order = values.order === undefined ? undefined : orderIdProblem(values.order);
  return order ? `--${order}` : undefined;
}

const problem = argumentProblem();
if (problem || !values.sub) {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}
const claims =
  role === 'CUSTOMER' ? { role, sub: values.sub, orderId: values.order } : { role, sub: values.sub };
try {
  const config = loadConfig(process.env, embeddedSigningSecret);
  console.log(await signToken(config.jwtSecret, claims, values.expires));
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof TokenLifetimeError)) throw error;
  console.error(error.message);
  process.exit(2);
}
