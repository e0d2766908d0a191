/**
 * Mints a token for operators: `npm run token -- --role ADMIN --sub alice [--order <id>] [--expires 12h]`.
 * Signs with `JWT_SECRET`, or (embedded default) with the secret stored beside the data in `PGLITE_DIR`, so a
 * token minted here works against `./pos start` run from the same folder.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { embeddedSigningSecret } from './embedded-secret.ts';
import { MAX_TOKEN_LIFETIME_SECONDS, signToken, TokenLifetimeError } from './tokens.ts';
import { ROLES, type Role } from './viewer.ts';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'STAFF' },
    sub: { type: 'string' },
    order: { type: 'string' },
    expires: { type: 'string', default: '12h' },
  },
});
const role = values.role as Role;
if (!ROLES.includes(role) || !values.sub || (role === 'CUSTOMER' && !values.order)) {
  console.error(
    `usage: npm run token -- --role ${ROLES.join('|')} --sub <name> [--order <orderId>] [--expires 12h] (at most ${MAX_TOKEN_LIFETIME_SECONDS / 86_400}d)`,
  );
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
