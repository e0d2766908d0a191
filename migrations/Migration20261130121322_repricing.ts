import { Migration } from '@mikro-orm/migrations';

export class Migration20261130121322_repricing extends Migration {
  override name = 'Migration20261130121322_repricing';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "price_change" ("id" serial primary key, "kind" text not null, "actor" varchar(200) not null, "at" timestamptz not null, "summary" varchar(300) not null, "settings_pricing_version" int null, "product_id" uuid null, "new_price" numeric(14,3) null, "orders_repriced" int not null default 0);`,
    );
    this.addSql(
      `create index "price_change_settings_pricing_version_index" on "price_change" ("settings_pricing_version");`,
    );

    this.addSql(
      `create table "order_repricing" ("id" bigserial primary key, "change_id" int not null, "order_id" uuid not null, "currency" varchar(3) not null, "old_total" numeric(14,3) not null, "new_total" numeric(14,3) not null, "old_tax_rate_percent" numeric(6,3) not null, "new_tax_rate_percent" numeric(6,3) not null, "old_surcharge_percent" numeric(6,3) not null, "new_surcharge_percent" numeric(6,3) not null, "at" timestamptz not null);`,
    );
    this.addSql(`create index "order_repricing_order_id_index" on "order_repricing" ("order_id");`);
    this.addSql(
      `create index "order_repricing_change_id_id_index" on "order_repricing" ("change_id", "id");`,
    );

    this.addSql(`alter table "customer_order" add "pricing_version" int not null default 1;`);

    this.addSql(`alter table "settings" add "pricing_version" int not null default 1;`);

    this.addSql(`alter table "settings_change" add "price_change_id" int null;`);
    // Earlier pricing changes keep their count of re-priced orders: one price change per settings version.
    this.addSql(`do $$
      declare r record; change_id int;
      begin
        for r in
          select settings_version, min(actor) as actor, min(changed_at) as at, max(orders_repriced) as repriced,
            string_agg(case field when 'taxRatePercent' then 'tax ' || old_value || ' % → ' || new_value || ' %'
                                  when 'surchargePercent' then 'surcharge ' || old_value || ' % → ' || new_value || ' %'
                                  else 'currency ' || old_value || ' → ' || new_value end, ', ' order by field desc) as summary
          from settings_change
          where field in ('taxRatePercent', 'surchargePercent', 'currency')
          group by settings_version order by settings_version
        loop
          insert into price_change (kind, actor, at, summary, orders_repriced)
            values ('SETTINGS', r.actor, r.at, r.summary, r.repriced) returning id into change_id;
          update settings_change set price_change_id = change_id
            where settings_version = r.settings_version
              and field in ('taxRatePercent', 'surchargePercent', 'currency');
        end loop;
      end $$;`);
    this.addSql(`alter table "settings_change" drop column "orders_repriced";`);
    this.addSql(
      `alter table "settings_change" add constraint "settings_change_price_change_id_foreign" foreign key ("price_change_id") references "price_change" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "price_change" add constraint "price_change_product_id_foreign" foreign key ("product_id") references "product" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "price_change" add constraint "price_change_kind_check" check ("kind" in ('SETTINGS', 'PRODUCT_PRICE'));`,
    );

    this.addSql(
      `alter table "order_repricing" add constraint "order_repricing_change_id_foreign" foreign key ("change_id") references "price_change" ("id");`,
    );
    this.addSql(
      `alter table "order_repricing" add constraint "order_repricing_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "settings_change" add "orders_repriced" int4 not null default 0;`);
    this.addSql(
      `update "settings_change" sc set "orders_repriced" = pc."orders_repriced" from "price_change" pc where pc."id" = sc."price_change_id";`,
    );
    this.addSql(`alter table "settings_change" drop constraint "settings_change_price_change_id_foreign";`);
    this.addSql(`alter table "settings_change" drop column "price_change_id";`);

    this.addSql(`drop table if exists "order_repricing" cascade;`);
    this.addSql(`drop table if exists "price_change" cascade;`);

    this.addSql(`alter table "customer_order" drop column "pricing_version";`);
    this.addSql(`alter table "settings" drop column "pricing_version";`);
  }
}
