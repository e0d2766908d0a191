import { Migration } from '@mikro-orm/migrations';

/** The customer-facing pickup code (src/orders/domain/pickup-code.ts), backfilled for existing orders. */
export class Migration20261130150203_pickup_code extends Migration {
  override name = 'Migration20261130150203_pickup_code';

  override up(): void | Promise<void> {
    this.addSql(`alter table "customer_order" add "pickup_code" varchar(8) null;`);
    this.addSql(
      `create unique index "customer_order_open_pickup_code_unique" on "customer_order" ("pickup_code") where status in ('DRAFT', 'VALIDATED', 'PAID', 'PREPARING', 'READY');`,
    );
    // Every existing order gets a code of the same alphabet and length as new ones (copied here, so this
    // migration keeps meaning what it meant); an open order's code is drawn again until no open order holds it.
    this.addSql(`do $$
      declare
        alphabet constant text := 'ACEFHJKMNPRTWXY34789';
        open_statuses constant text[] := array['DRAFT', 'VALIDATED', 'PAID', 'PREPARING', 'READY'];
        r record;
        code text;
      begin
        for r in select id, status from customer_order order by number loop
          loop
            code := '';
            for i in 1..5 loop
              code := code || substr(alphabet, 1 + floor(random() * length(alphabet))::int, 1);
            end loop;
            exit when not (r.status = any(open_statuses)) or not exists (
              select 1 from customer_order where pickup_code = code and status = any(open_statuses));
          end loop;
          update customer_order set pickup_code = code where id = r.id;
        end loop;
      end $$;`);
    this.addSql(`alter table "customer_order" alter column "pickup_code" set not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "customer_order_open_pickup_code_unique";`);
    this.addSql(`alter table "customer_order" drop column "pickup_code";`);
  }
}
