import { describe, expect, it } from 'vitest';
import { ConfigError, type EmbeddedSecretSource, loadConfig } from '../../src/config.ts';

const SECRET = 'a-private-secret-of-at-least-32-characters';
const generated: EmbeddedSecretSource = (dir) => ({
  secret: `generated-for-${dir}-0123456789abcdef`,
  file: `${dir}/jwt-secret`,
});

describe('bind address', () => {
  const cases: { env: Record<string, string>; host: string }[] = [
    { env: {}, host: '127.0.0.1' },
    { env: { NODE_ENV: 'production', JWT_SECRET: SECRET }, host: '127.0.0.1' },
    { env: { DATABASE_URL: 'postgres://db/pos', JWT_SECRET: SECRET }, host: '127.0.0.1' },
    {
      env: { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/pos', JWT_SECRET: SECRET },
      host: '0.0.0.0',
    },
    { env: { HOST: '0.0.0.0' }, host: '0.0.0.0' },
    { env: { HOST: '192.168.1.20' }, host: '192.168.1.20' },
    {
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/pos',
        JWT_SECRET: SECRET,
        HOST: '10.0.0.5',
      },
      host: '10.0.0.5',
    },
  ];
  it.each(cases)('is $host with $env', ({ env, host }) => {
    expect(loadConfig(env, generated).host).toBe(host);
  });
});

describe('token-signing secret', () => {
  it('is the generated one beside the embedded data when JWT_SECRET is unset', () => {
    const config = loadConfig({ PGLITE_DIR: '/srv/pos' }, generated);
    expect(config.jwtSecret).toBe('generated-for-/srv/pos-0123456789abcdef');
    expect(config.jwtSecretFile).toBe('/srv/pos/jwt-secret');
  });

  it('is JWT_SECRET when set, and then no file is touched', () => {
    const config = loadConfig({ JWT_SECRET: SECRET }, () => {
      throw new Error('must not be called');
    });
    expect(config).toMatchObject({ jwtSecret: SECRET, jwtSecretFile: undefined });
  });

  const refused: { name: string; env: Record<string, string>; source?: EmbeddedSecretSource }[] = [
    {
      name: 'the once-published development secret',
      env: { JWT_SECRET: 'development-only-secret-do-not-use-in-production' },
    },
    { name: 'a short JWT_SECRET', env: { JWT_SECRET: 'x'.repeat(31) } },
    { name: 'production without JWT_SECRET', env: { NODE_ENV: 'production' }, source: generated },
    { name: 'PostgreSQL without JWT_SECRET', env: { DATABASE_URL: 'postgres://db/pos' }, source: generated },
    { name: 'the embedded default without a secret store', env: {} },
  ];
  it.each(refused)('refuses $name', ({ env, source }) => {
    expect(() => loadConfig(env, source)).toThrow(ConfigError);
  });
});
