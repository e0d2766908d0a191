/**
 * Migration commands: `create` writes a migration for the difference between the entities and the database,
 * `up` applies pending migrations, `check` exits 1 when the entities need a migration that does not exist.
 */
import { parseCommandLine } from '../command-line.ts';
import { databaseConfig } from '../config.ts';
import { DataFolderInUseError } from './data-folder-lock.ts';
import { migrateUp, openPersistence } from './orm.ts';

const USAGE = `usage: npm run migration:up | migration:check | migration:create [-- <name>]

  up      apply pending migrations to DATABASE_URL (or the embedded database in PGLITE_DIR)
  check   exit 1 when the entities need a migration that does not exist yet
  create  write a migration for the difference between the entities and the database`;

const COMMANDS = ['up', 'create', 'check'];
const { positionals } = parseCommandLine(USAGE, {}, process.argv.slice(2), true);
const [command, name, ...extra] = positionals;
if (
  !command ||
  !COMMANDS.includes(command) ||
  extra.length > 0 ||
  (name !== undefined && command !== 'create')
) {
  console.error(
    `${command && !COMMANDS.includes(command) ? `unknown command ${command}` : 'wrong arguments'}\n${USAGE}`,
  );
  process.exit(2);
}
const persistence = await openPersistence(databaseConfig(process.env)).catch((error: unknown) => {
  if (!(error instanceof DataFolderInUseError)) throw error;
  console.error(error.message);
  process.exit(1);
});
const { orm } = persistence;
try {
  if (command === 'up') {
    const applied = await migrateUp(orm);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } else if (command === 'create') {
    await migrateUp(orm);
    const result = await orm.migrator.create(undefined, false, false, name);
    console.log(result.fileName ? `created ${result.fileName}` : 'no changes: entities match the migrations');
  } else if (command === 'check') {
    await migrateUp(orm);
    const needed = await orm.migrator.checkSchema();
    if (needed) {
      console.error('entities and migrations disagree: run `npm run migration:create`');
      process.exitCode = 1;
    } else {
      console.log('entities match the migrations');
    }
  }
} finally {
  await persistence.close();
}
