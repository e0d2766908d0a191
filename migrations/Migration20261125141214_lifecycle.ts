import { Migration } from '@mikro-orm/migrations';

export class Migration20261125141214_lifecycle extends Migration {
  override name = 'Migration20261125141214_lifecycle';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "discount" ("id" uuid not null, "code" varchar(64) not null, "kind" text not null, "value" numeric(14,3) not null, "active" boolean not null default true, "valid_from" timestamptz null, "valid_until" timestamptz null, "usage_limit" int null, "used_count" int not null default 0, "version" int not null default 1, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "discount" add constraint "discount_code_unique" unique ("code");`);

    this.addSql(
      `create table "invoice_counter" ("id" int not null, "last_number" int not null, primary key ("id"));`,
    );
    this.addSql(`insert into "invoice_counter" ("id", "last_number") values (1, 0);`);

    this.addSql(
      `create table "order_status_change" ("id" uuid not null, "order_id" uuid not null, "from_status" text not null, "to_status" text not null, "actor" varchar(200) not null, "reason" varchar(500) null, "at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "order_status_change_order_id_index" on "order_status_change" ("order_id");`);

    this.addSql(
      `create table "payment" ("id" uuid not null, "order_id" uuid not null, "kind" text not null, "method" text not null, "amount" numeric(14,3) not null, "change_due" numeric(14,3) not null default '0.000', "terminal_provider" varchar(32) not null, "actor" varchar(200) not null, "idempotency_key" varchar(200) not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "payment_order_id_index" on "payment" ("order_id");`);
    this.addSql(
      `alter table "payment" add constraint "payment_idempotency_key_unique" unique ("idempotency_key");`,
    );

    this.addSql(
      `alter table "customer_order" add "amount_paid" numeric(14,3) not null default '0.000', add "discount_id" uuid null, add "discount_code" varchar(64) null, add "discount_kind" text null, add "discount_value" numeric(14,3) null, add "invoice_number" int null;`,
    );
    this.addSql(
      `alter table "customer_order" add constraint "customer_order_discount_id_foreign" foreign key ("discount_id") references "discount" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "customer_order" add constraint "customer_order_invoice_number_unique" unique ("invoice_number");`,
    );
    this.addSql(`create index "customer_order_created_at_index" on "customer_order" ("created_at");`);
    this.addSql(
      `alter table "customer_order" add constraint "customer_order_discount_kind_check" check ("discount_kind" in ('PERCENT', 'FIXED'));`,
    );

    this.addSql(
      `alter table "discount" add constraint "discount_kind_check" check ("kind" in ('PERCENT', 'FIXED'));`,
    );

    this.addSql(
      `alter table "order_status_change" add constraint "order_status_change_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "order_status_change" add constraint "order_status_change_from_status_check" check ("from_status" in ('DRAFT', 'VALIDATED', 'PAID', 'PREPARING', 'READY', 'DONE', 'INVOICED', 'CANCELLED'));`,
    );
    this.addSql(
      `alter table "order_status_change" add constraint "order_status_change_to_status_check" check ("to_status" in ('DRAFT', 'VALIDATED', 'PAID', 'PREPARING', 'READY', 'DONE', 'INVOICED', 'CANCELLED'));`,
    );

    this.addSql(
      `alter table "payment" add constraint "payment_order_id_foreign" foreign key ("order_id") references "customer_order" ("id");`,
    );
    this.addSql(
      `alter table "payment" add constraint "payment_kind_check" check ("kind" in ('PAYMENT', 'REFUND'));`,
    );
    this.addSql(
      `alter table "payment" add constraint "payment_method_check" check ("method" in ('CASH', 'CARD'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "customer_order" drop constraint "customer_order_discount_id_foreign";`);

    this.addSql(`drop table if exists "discount" cascade;`);
    this.addSql(`drop table if exists "invoice_counter" cascade;`);
    this.addSql(`drop table if exists "order_status_change" cascade;`);
    this.addSql(`drop table if exists "payment" cascade;`);

    this.addSql(`alter table "customer_order" drop constraint "customer_order_invoice_number_unique";`);
    this.addSql(`drop index "customer_order_created_at_index";`);
    this.addSql(`alter table "customer_order" drop constraint "customer_order_discount_kind_check";`);
    this.addSql(
      `alter table "customer_order" drop column "amount_paid", drop column "discount_id", drop column "discount_code", drop column "discount_kind", drop column "discount_value", drop column "invoice_number";`,
    );
  }
}
