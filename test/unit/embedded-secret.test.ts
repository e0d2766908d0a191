import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { embeddedSigningSecret, SIGNING_SECRET_FILE } from '../../src/auth/embedded-secret.ts';
import { ConfigError } from '../../src/config.ts';

const folders: string[] = [];
function freshFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'pos-secret-'));
  folders.push(folder);
  return path.join(folder, 'pglite');
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('the embedded signing secret', () => {
  it('is created on first use: at least 32 random bytes, in a file only its owner can read', () => {
    const dir = freshFolder();
    const { secret, file, created } = embeddedSigningSecret(dir);
    expect(created).toBe(true);
    expect(file).toBe(path.join(dir, SIGNING_SECRET_FILE));
    expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(secret);
    // Nothing but the secret is left behind.
    expect(readdirSync(dir)).toEqual([SIGNING_SECRET_FILE]);
  });

  it('is reused by every later start on the same data folder', () => {
    const dir = freshFolder();
    const first = embeddedSigningSecret(dir);
    const again = embeddedSigningSecret(dir);
    expect(again).toEqual({ ...first, created: false });
  });

  it('differs between data folders, so a fresh folder rotates it', () => {
    const secrets = new Set(Array.from({ length: 20 }, () => embeddedSigningSecret(freshFolder()).secret));
    expect(secrets.size).toBe(20);
  });

  it('narrows a file others may read back to 0600', () => {
    const dir = freshFolder();
    const { file } = embeddedSigningSecret(dir);
    chmodSync(file, 0o644);
    embeddedSigningSecret(dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a file holding a short secret instead of signing with it', () => {
    const dir = freshFolder();
    embeddedSigningSecret(dir);
    writeFileSync(path.join(dir, SIGNING_SECRET_FILE), 'short\n');
    expect(() => embeddedSigningSecret(dir)).toThrow(ConfigError);
  });

  it('is one secret when several processes create it at the same moment', async () => {
    const dir = freshFolder();
    const module = fileURLToPath(new URL('../../src/auth/embedded-secret.ts', import.meta.url));
    const script = `const { embeddedSigningSecret } = await import(${JSON.stringify(module)}); process.stdout.write(embeddedSigningSecret(${JSON.stringify(dir)}).secret);`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
        });
        child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
      });
    const secrets = await Promise.all(Array.from({ length: 4 }, run));
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toBe(readFileSync(path.join(dir, SIGNING_SECRET_FILE), 'utf8').trim());
  });
});
