import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createInProcessBus, createRedisBus, type EventBus } from '../../src/realtime/event-bus.ts';
import { REDIS_URL } from '../support/env.ts';

const logger = pino({ level: 'silent' });
const opened: EventBus[] = [];

afterAll(async () => {
  await Promise.all(opened.map((bus) => bus.close()));
});

async function redisBus(): Promise<EventBus> {
  const bus = await createRedisBus(REDIS_URL, logger, { outageLimitMs: 60_000 });
  opened.push(bus);
  return bus;
}

describe('channels with subscribers', () => {
  it('lists the channels under a prefix that any bus sharing Redis subscribes to, and only while it does', async () => {
    // Glob characters in the prefix match only themselves: unescaped, `*?[x]\:` would match `abx:` too.
    const token = randomBytes(6).toString('hex');
    const prefix = `test:${token}:*?[x]\\:`;
    const lookalike = `test:${token}:abx:`;
    const [first, second] = await Promise.all([redisBus(), redisBus()]);
    const stopA = await first.subscribe(`${prefix}a`, () => {});
    const stopB = await second.subscribe(`${prefix}b`, () => {});
    const stopOther = await second.subscribe(`${lookalike}c`, () => {});

    expect((await first.channelsWithSubscribers(prefix)).sort()).toEqual([`${prefix}a`, `${prefix}b`]);
    stopB();
    // Redis drops the channel once the last subscriber's UNSUBSCRIBE has been processed.
    await expect
      .poll(() => second.channelsWithSubscribers(prefix), { timeout: 5_000 })
      .toEqual([`${prefix}a`]);
    stopA();
    stopOther();
  });

  it("in one process, lists that process's own subscribed channels", async () => {
    const bus = createInProcessBus(logger);
    opened.push(bus);
    const stopOne = await bus.subscribe('p:order:1', () => {});
    const stopTwo = await bus.subscribe('p:order:1', () => {});
    await bus.subscribe('q:order:2', () => {});
    expect(await bus.channelsWithSubscribers('p:')).toEqual(['p:order:1']);
    stopOne();
    expect(await bus.channelsWithSubscribers('p:')).toEqual(['p:order:1']);
    stopTwo();
    expect(await bus.channelsWithSubscribers('p:')).toEqual([]);
  });
});
