import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command-line tool's arguments (`node:util` `parseArgs`, strict). `--help`/`-h` prints `usage` and
 * exits 0; an unknown option, a missing value or a stray argument prints one line naming it, then `usage`,
 * and exits 2 (the shell convention for wrong usage) — never a stack trace.
 */
export function parseCommandLine<const T extends Options>(
  usage: string,
  options: T,
  args: string[] = process.argv.slice(2),
  allowPositionals = false,
) {
  const config = {
    args,
    options: { ...options, help: { type: 'boolean', short: 'h' } },
    allowPositionals,
    strict: true,
  } as const;
  try {
    const parsed = parseArgs(config);
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return parsed;
  } catch (error) {
    if (!(error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      throw error;
    }
    console.error(`${error.message}\n${usage}`);
    process.exit(2);
  }
}
