/**
 * Migration commands: `create` writes a migration for the difference between the entities and the database,
 * `up` applies pending migrations, `check` exits 1 when the entities need a migration that does not exist.
 */
import { databaseConfig } from '../config.ts';
import { migrateUp, openPersistence } from './orm.ts';

const command = process.argv[2];
const { orm } = await openPersistence(databaseConfig(process.env));
try {
  if (command === 'up') {
    const applied = await migrateUp(orm);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } else if (command === 'create') {
    await migrateUp(orm);
    const result = await orm.migrator.create(undefined, false, false, process.argv[3]);
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
  } else {
    console.error('usage: cli.ts up | create [name] | check');
    process.exitCode = 2;
  }
} finally {
  await orm.close(true);
}
