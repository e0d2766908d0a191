import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Category } from '../../src/catalog/category.entity.ts';
import { Product } from '../../src/catalog/product.entity.ts';
import { migrateUp, openPersistence } from '../../src/db/orm.ts';
import { Order, OrderItem } from '../../src/orders/index.ts';
import { type TransactionChanges, transactionChangeTracker } from '../../src/outbox/committed-changes.ts';
import { PublishAfterCommit } from '../../src/realtime/publish-after-commit.ts';
import { createTestDatabase, queryDatabase, type TestDatabase } from '../support/database.ts';

interface Publication {
  orderIds: string[];
  settingsChanged: boolean;
  /** Whether another connection could already see every published order when the hook fired. */
  visibleElsewhere: Promise<boolean>;
}

let database: TestDatabase;
let orm: MikroORM;
let publications: Publication[];

function record(changes: TransactionChanges): void {
  const orderIds = [...changes.orderIds].sort();
  const visibleElsewhere = queryDatabase<{ n: string }>(
    database.url,
    'select count(*) as n from customer_order where id = any($1::uuid[])',
    [orderIds],
  )
    .then(([row]) => Number(row?.n) === orderIds.length)
    .catch(() => false);
  publications.push({ orderIds, settingsChanged: changes.settingsChanged, visibleElsewhere });
}

beforeAll(async () => {
  database = await createTestDatabase();
  ({ orm } = await openPersistence({ databaseUrl: database.url, pgliteDir: '' }));
  await migrateUp(orm);
  orm.em.getEventManager().registerSubscriber(new PublishAfterCommit(transactionChangeTracker(), record));
});

afterAll(async () => {
  await Promise.all(publications.map((p) => p.visibleElsewhere));
  await orm?.close(true);
  await database?.drop();
});

beforeEach(async () => {
  await Promise.all(publications?.map((p) => p.visibleElsewhere) ?? []);
  publications = [];
});

function draftOrder(em: EntityManager): Order {
  return em.create(Order, {
    status: 'DRAFT',
    currency: 'USD',
    taxRatePercent: '0.000',
    surchargePercent: '0.000',
    subtotal: '0.000',
    discountTotal: '0.000',
    surcharge: '0.000',
    tax: '0.000',
    total: '0.000',
    createdBy: 'test',
    pickupCode: Math.random().toString(36).slice(2, 10).toUpperCase(),
  } as never);
}

describe('publish after commit', () => {
  it('publishes a plain flush once, after its implicit transaction committed', async () => {
    const em = orm.em.fork();
    const order = draftOrder(em);
    await em.flush();
    expect(publications.map((p) => p.orderIds)).toEqual([[order.id]]);
    expect(await publications[0]?.visibleElsewhere).toBe(true);
  });

  it('publishes a transaction that flushes twice once, and only after the commit', async () => {
    let order: Order | undefined;
    await orm.em.fork().transactional(async (em) => {
      order = draftOrder(em);
      await em.flush();
      order.total = '1.000';
      await em.flush();
      expect(publications).toHaveLength(0);
    });
    expect(publications.map((p) => p.orderIds)).toEqual([[order?.id]]);
    expect(await publications[0]?.visibleElsewhere).toBe(true);
  });

  it('publishes nothing for a transaction that rolls back', async () => {
    await expect(
      orm.em.fork().transactional(async (em) => {
        draftOrder(em);
        await em.flush();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(publications).toHaveLength(0);
  });

  it('counts an item change as a change of its order', async () => {
    const em = orm.em.fork();
    const category = em.create(Category, { name: `c-${Math.random()}`, position: 0 });
    const product = em.create(Product, {
      category,
      name: 'p',
      price: '1.000',
      available: true,
      trackStock: false,
    } as never);
    const order = draftOrder(em);
    await em.flush();
    publications = [];
    const item = em.create(OrderItem, {
      order,
      product,
      name: 'p',
      unitPrice: '1.000',
      quantity: 1,
      lineTotal: '1.000',
    });
    await em.flush();
    expect(publications.map((p) => p.orderIds)).toEqual([[order.id]]);
    publications = [];
    em.remove(item);
    await em.flush();
    expect(publications.map((p) => p.orderIds)).toEqual([[order.id]]);
  });

  it('merges a released savepoint into the outer transaction and drops a rolled-back one', async () => {
    const ids: Record<string, string> = {};
    await orm.em.fork().transactional(async (em) => {
      ids.outer = draftOrder(em).id;
      await em.flush();
      await em.transactional(async (inner) => {
        ids.released = draftOrder(inner).id;
        await inner.flush();
      });
      await em
        .transactional(async (inner) => {
          ids.rolledBack = draftOrder(inner).id;
          await inner.flush();
          throw new Error('inner failure');
        })
        .catch(() => undefined);
      expect(publications).toHaveLength(0);
    });
    expect(publications).toHaveLength(1);
    expect(publications[0]?.orderIds).toEqual([ids.outer, ids.released].sort());
    expect(await publications[0]?.visibleElsewhere).toBe(true);
  });

  it('publishes nothing when the outer transaction fails after a released savepoint', async () => {
    await expect(
      orm.em.fork().transactional(async (em) => {
        await em.transactional(async (inner) => {
          draftOrder(inner);
          await inner.flush();
        });
        throw new Error('outer failure');
      }),
    ).rejects.toThrow('outer failure');
    expect(publications).toHaveLength(0);
  });

  it('refuses to report a commit when a failed flush was swallowed (PostgreSQL rolled it back)', async () => {
    const name = `dup-${Math.random()}`;
    const seed = orm.em.fork();
    seed.create(Category, { name, position: 0 });
    await seed.flush();
    publications = [];
    let orderId = '';
    await expect(
      orm.em.fork().transactional(async (em) => {
        orderId = draftOrder(em).id;
        await em.flush();
        em.create(Category, { name, position: 1 });
        // Code that swallows the error and forgets the failed entity: the callback then returns normally.
        await em.flush().catch(() => em.clear());
      }),
    ).rejects.toThrow();
    expect(publications).toHaveLength(0);
    const rows = await queryDatabase(database.url, 'select id from customer_order where id = $1', [orderId]);
    expect(rows).toHaveLength(0);
  });

  it('keeps concurrent transactions apart: only the committed one is published', async () => {
    let committedId = '';
    let gate: () => void = () => {};
    const bothFlushed = new Promise<void>((resolve) => {
      gate = resolve;
    });
    let flushed = 0;
    const arrive = () => {
      flushed++;
      if (flushed === 2) gate();
      return bothFlushed;
    };
    const committed = orm.em.fork().transactional(async (em) => {
      committedId = draftOrder(em).id;
      await em.flush();
      await arrive();
    });
    const rolledBack = orm.em.fork().transactional(async (em) => {
      draftOrder(em);
      await em.flush();
      await arrive();
      throw new Error('rolled back');
    });
    await Promise.allSettled([committed, rolledBack]);
    expect(publications.map((p) => p.orderIds)).toEqual([[committedId]]);
  });
});
