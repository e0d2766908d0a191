import { Migration } from '@mikro-orm/migrations';

export class Migration20261125133910_initial extends Migration {
  override name = 'Migration20261125133910_initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "category" ("id" uuid not null, "name" varchar(200) not null, "position" int not null default 0, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "category" add constraint "category_name_unique" unique ("name");`);

    this.addSql(
      `create table "customer_order" ("id" uuid not null, "number" serial, "status" text not null, "version" int not null default 1, "currency" varchar(3) not null, "tax_rate_percent" numeric(6,3) not null, "surcharge_percent" numeric(6,3) not null, "subtotal" numeric(14,3) not null, "discount_total" numeric(14,3) not null, "surcharge" numeric(14,3) not null, "tax" numeric(14,3) not null, "total" numeric(14,3) not null, "created_by" varchar(200) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "customer_order" add constraint "customer_order_number_unique" unique ("number");`,
    );
    this.addSql(`create index "customer_order_status_index" on "customer_order" ("status");`);

    this.addSql(
      `create table "product" ("id" uuid not null, "category_id" uuid not null, "name" varchar(200) not null, "description" varchar(2000) null, "price" numeric(14,3) not null, "available" boolean not null default true, "track_stock" boolean not null default false, "stock" int null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "product_category_id_index" on "product" ("category_id");`);

    this.addSql(
      `create table "order_item" ("id" uuid not null, "order_id" uuid not null, "product_id" uuid not null, "name" varchar(200) not null, "unit_price" numeric(14,3) not null, "quantity" int not null, "line_total" numeric(14,3) not null, "notes" varchar(500) null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "order_item_order_id_index" on "order_item" ("order_id");`);
    this.addSql(`create index "order_item_product_id_index" on "order_item" ("product_id");`);

    this.addSql(
      `create table "settings" ("id" int not null, "tax_rate_percent" numeric(6,3) not null, "surcharge_percent" numeric(6,3) not null, "currency" varchar(3) not null, "terminal_provider" varchar(32) not null, "version" int not null default 1, "updated_at" timestamptz not null, primary key ("id"));`,
    );

    this.addSql(
      `create table "settings_change" ("id" uuid not null, "changed_at" timestamptz not null, "actor" varchar(200) not null, "field" varchar(64) not null, "old_value" varchar(64) not null, "new_value" varchar(64) not null, "orders_repriced" int not null, "settings_version" int not null, primary key ("id"));`,
    );
    this.addSql(`create index "settings_change_changed_at_index" on "settings_change" ("changed_at");`);

    this.addSql(
      `alter table "customer_order" add constraint "customer_order_status_check" check ("status" in ('DRAFT', 'VALIDATED', 'PAID', 'PREPARING', 'READY', 'DONE', 'INVOICED', 'CANCELLED'));`,
    );

    this.addSql(
      `alter table "product" add constraint "product_category_id_foreign" foreign key ("category_id") references "category" ("id");`,
    );

    this.addSql(
      `alter table "order_item" add constraint "order_item_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "order_item" add constraint "order_item_product_id_foreign" foreign key ("product_id") references "product" ("id");`,
    );

    // The one settings row exists from the first migration on, so every transaction can lock it.
    this.addSql(
      `insert into "settings" ("id", "tax_rate_percent", "surcharge_percent", "currency", "terminal_provider", "version", "updated_at") values (1, 0, 0, 'USD', 'NONE', 1, now());`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "product" drop constraint "product_category_id_foreign";`);
    this.addSql(`alter table "order_item" drop constraint "order_item_order_id_foreign";`);
    this.addSql(`alter table "order_item" drop constraint "order_item_product_id_foreign";`);

    this.addSql(`drop table if exists "category" cascade;`);
    this.addSql(`drop table if exists "customer_order" cascade;`);
    this.addSql(`drop table if exists "product" cascade;`);
    this.addSql(`drop table if exists "order_item" cascade;`);
    this.addSql(`drop table if exists "settings" cascade;`);
    this.addSql(`drop table if exists "settings_change" cascade;`);
  }
}
