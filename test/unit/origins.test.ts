import { describe, expect, it } from 'vitest';
import { upgradeOriginAllowed } from '../../src/http/origins.ts';

const production = { production: true, allowedOrigins: undefined };
const development = { production: false, allowedOrigins: undefined };
const listed = { production: true, allowedOrigins: ['https://till.example'] };

describe('WebSocket upgrade origins', () => {
  const cases: [
    config: typeof production | typeof listed,
    origin: string | undefined,
    host: string | undefined,
    allowed: boolean,
  ][] = [
    // Production, no ALLOWED_ORIGINS: the page must come from the host it connects to.
    [production, 'https://pos.example', 'pos.example', true],
    [production, 'http://pos.example:4000', 'pos.example:4000', true],
    [production, 'https://POS.example', 'pos.EXAMPLE', true],
    [production, 'https://pos.example', 'pos.example:443', true],
    [production, 'http://[::1]:4000', '[::1]:4000', true],
    [production, undefined, 'pos.example', true],
    [production, 'http://evil.example', 'pos.example', false],
    [production, 'https://pos.example.evil.example', 'pos.example', false],
    [production, 'https://evil.example', 'evil.example@pos.example', false],
    [production, 'https://pos.example:8443', 'pos.example', false],
    [production, 'https://pos.example', 'pos.example:8443', false],
    [production, 'null', 'pos.example', false],
    [production, 'file://', 'pos.example', false],
    [production, 'chrome-extension://abc', 'abc', false],
    [production, 'not a url', 'pos.example', false],
    [production, 'https://pos.example', undefined, false],
    [production, 'https://pos.example', 'pos.example/evil', false],
    [production, 'https://pos.example', 'a b', false],
    // ALLOWED_ORIGINS: exactly those, whatever the Host.
    [listed, 'https://till.example', 'api.example', true],
    [listed, 'https://api.example', 'api.example', false],
    [listed, undefined, 'api.example', true],
    // Development: any.
    [development, 'http://localhost:5173', 'localhost:4000', true],
  ];
  it.each(cases)('%j: Origin %s with Host %s → %s', (config, origin, host, allowed) => {
    expect(upgradeOriginAllowed(config, origin, host)).toBe(allowed);
  });
});
