import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

interface Tree {
  version?: string;
  invalid?: string;
  dependencies?: Record<string, Tree>;
}

/** Every installed copy of `name` in the tree `npm ls` reports, as "version" or "version (invalid: …)". */
function copies(tree: Tree, name: string, found: string[] = []): string[] {
  for (const [dependency, child] of Object.entries(tree.dependencies ?? {})) {
    if (dependency === name) found.push(child.invalid ? `${child.version} (invalid)` : `${child.version}`);
    copies(child, name, found);
  }
  return found;
}

describe('installed dependencies', () => {
  it('hold one Redis client library, in one version, shared by our code and graphql-redis-subscriptions', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    // `npm ls` exits non-zero on an invalid tree; its JSON is still printed, and that is what is checked.
    const { stdout } = await promisify(execFile)('npm', ['ls', 'ioredis', '--all', '--json'], {
      cwd: root,
    }).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    const versions = copies(JSON.parse(stdout) as Tree, 'ioredis');
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(versions)).toEqual(new Set([versions[0]]));
    expect(versions[0]).toMatch(/^6\./);
  });
});
