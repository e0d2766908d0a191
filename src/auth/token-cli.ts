/** Mints a token for operators: `npm run token -- --role ADMIN --sub alice [--order <id>] [--expires 12h]`. */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { signToken } from './tokens.ts';
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
    `usage: npm run token -- --role ${ROLES.join('|')} --sub <name> [--order <orderId>] [--expires 12h]`,
  );
  process.exit(2);
}
const config = loadConfig(process.env);
const claims =
  role === 'CUSTOMER' ? { role, sub: values.sub, orderId: values.order } : { role, sub: values.sub };
console.log(await signToken(config.jwtSecret, claims, values.expires));
