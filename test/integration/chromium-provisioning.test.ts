import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * `./pos test` provides Chromium the way the README's Quick start says: Debian's `chromium` package when it
 * runs as root with `apt-get`, otherwise one line naming what is missing and how to get it. The real Chromium
 * stays installed: each case points `CHROMIUM_PATH` at a path of its own and runs the script with a PATH that
 * holds only what the case needs (`id` and `apt-get` stand-ins that record how they were called).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = 'scripts/ensure-chromium.sh';

let dir: string;
let bin: string;
let chromium: string;
let aptLog: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-chromium-provisioning-'));
  bin = join(dir, 'bin');
  chromium = join(dir, 'chromium');
  aptLog = join(dir, 'apt-get.log');
  await writeFile(aptLog, '');
  await mkdir(bin);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function exec(file: string, args: string[], env?: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(file, args, { cwd: ROOT, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function stub(name: string, body: string): Promise<void> {
  await writeFile(join(bin, name), `#!/bin/sh\n${body}\n`);
  await chmod(join(bin, name), 0o755);
}

/** `id -u` answers `uid`. */
function runningAs(uid: number): Promise<void> {
  return stub('id', `echo ${uid}`);
}

/** An `apt-get` that records its arguments; `install` puts an executable at CHROMIUM_PATH unless it fails. */
function aptGet(install: 'works' | 'fails'): Promise<void> {
  const installs =
    install === 'works'
      ? `printf '#!/bin/sh\\n' > "$CHROMIUM_PATH"; /bin/chmod +x "$CHROMIUM_PATH"; exit 0`
      : 'exit 100';
  return stub('apt-get', `echo "$*" >> "${aptLog}"\n[ "$1" = install ] || exit 0\n${installs}`);
}

/** Sources the script as `./pos` does, then says whether the caller would go on to the tests. */
function provision() {
  return exec('/bin/bash', ['-c', `set -euo pipefail; source ${SCRIPT}; echo tests-would-run`], caseEnv());
}

/** A bare environment: this case's PATH and Chromium path, and an empty home (no shell start-up files). */
function caseEnv(): Record<string, string> {
  return { PATH: bin, CHROMIUM_PATH: chromium, HOME: dir };
}

async function aptCalls(): Promise<string[]> {
  return (await readFile(aptLog, 'utf8')).split('\n').filter(Boolean);
}

const lines = (text: string) => text.split('\n').filter(Boolean);
/** The one line: what is missing, why, and the two ways to get it. */
function missingLine(): string {
  return `Chromium not found at ${chromium} (the browser tests need it): install it (sudo apt-get install chromium) or set CHROMIUM_PATH=<path to chromium>`;
}

describe("./pos test's Chromium", () => {
  it('does nothing when Chromium is there', async () => {
    await runningAs(0);
    await aptGet('works');
    await writeFile(chromium, '#!/bin/sh\n');
    await chmod(chromium, 0o755);
    expect(await provision()).toEqual({ code: 0, stdout: 'tests-would-run\n', stderr: '' });
    expect(await aptCalls()).toEqual([]);
  });

  it("installs Debian's chromium package when it runs as root with apt-get", async () => {
    await runningAs(0);
    await aptGet('works');
    const result = await provision();
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('tests-would-run\n');
    expect(lines(result.stderr)).toEqual([
      "Chromium is missing (the browser tests need it): installing Debian's chromium package",
    ]);
    expect(await aptCalls()).toEqual(['install -y --no-install-recommends chromium']);
  });

  it('says in one line what is missing and how to get it when apt-get is not there', async () => {
    await runningAs(0);
    const result = await provision();
    expect(result).toEqual({ code: 1, stdout: '', stderr: `${missingLine()}\n` });
  });

  it('does not try to install without root, and says in one line what is missing', async () => {
    await runningAs(1000);
    await aptGet('works');
    const result = await provision();
    expect(result).toEqual({ code: 1, stdout: '', stderr: `${missingLine()}\n` });
    expect(await aptCalls()).toEqual([]);
  });

  it('refreshes the package lists once when the install fails (a fresh image), then gives up in one line', async () => {
    await runningAs(0);
    await aptGet('fails');
    const result = await provision();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr).at(-1)).toBe(missingLine());
    expect(lines(result.stderr)).toHaveLength(2);
    expect(await aptCalls()).toEqual([
      'install -y --no-install-recommends chromium',
      'update',
      'install -y --no-install-recommends chromium',
    ]);
  });

  it('is what ./pos test runs before the tests: without Chromium and without a way to install it, it stops there', async () => {
    await runningAs(0);
    await symlink(process.execPath, join(bin, 'node'));
    await symlink('/usr/bin/dirname', join(bin, 'dirname'));
    await symlink('/bin/bash', join(bin, 'bash'));
    for (const script of ['test', 'test:browser', 'screenshots']) {
      const result = await exec(join(ROOT, 'pos'), [script], caseEnv());
      expect({ script, ...result }).toEqual({ script, code: 1, stdout: '', stderr: `${missingLine()}\n` });
    }
  });
});
