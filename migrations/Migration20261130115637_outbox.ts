import { Migration } from '@mikro-orm/migrations';

export class Migration20261130115637_outbox extends Migration {
  override name = 'Migration20261130115637_outbox';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "outbox_event" ("id" bigserial primary key, "created_at" timestamptz not null default now(), "orders" jsonb not null, "settings_changed" boolean not null);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "outbox_event" cascade;`);
  }
}
