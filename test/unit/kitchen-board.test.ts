import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../web/gql/graphql.ts';
import { KitchenBoard } from '../../web/live/kitchen-board.ts';

interface Entry {
  id: string;
  version: number;
  status: OrderStatus;
}

const order = (id: string, version: number, status: OrderStatus): Entry => ({ id, version, status });
const byId = (a: Entry, b: Entry) => a.id.localeCompare(b.id);

function columns(board: KitchenBoard<Entry>) {
  return {
    PAID: board.column('PAID').map((entry) => entry.id),
    PREPARING: board.column('PREPARING').map((entry) => entry.id),
    READY: board.column('READY').map((entry) => entry.id),
  };
}

describe('kitchen board state', () => {
  it('places an order in the column of its status and moves it as events arrive', () => {
    const board = new KitchenBoard<Entry>(byId);
    board.applyEvent(order('a', 3, 'PAID'));
    board.applyEvent(order('b', 4, 'PAID'));
    expect(columns(board)).toEqual({ PAID: ['a', 'b'], PREPARING: [], READY: [] });
    board.applyEvent(order('a', 4, 'PREPARING'));
    board.applyEvent(order('a', 5, 'READY'));
    expect(columns(board)).toEqual({ PAID: ['b'], PREPARING: [], READY: ['a'] });
  });

  it('removes an order whose status leaves the board (done, cancelled)', () => {
    const board = new KitchenBoard<Entry>(byId);
    board.applyEvent(order('a', 5, 'READY'));
    board.applyEvent(order('b', 3, 'PAID'));
    board.applyEvent(order('a', 6, 'DONE'));
    board.applyEvent(order('b', 4, 'CANCELLED'));
    expect(board.size).toBe(0);
  });

  it.each([
    ['an older event', [order('a', 5, 'READY'), order('a', 4, 'PREPARING')], 'READY'],
    ['a replayed event', [order('a', 4, 'PREPARING'), order('a', 4, 'PREPARING')], 'PREPARING'],
  ])('ignores %s for an order', (_name, events, status) => {
    const board = new KitchenBoard<Entry>(byId);
    for (const event of events) board.applyEvent(event);
    expect(board.get('a')?.status).toBe(status);
  });

  it('does not bring back an order that left when an older copy of it arrives later', () => {
    const board = new KitchenBoard<Entry>(byId);
    board.applyEvent(order('a', 6, 'DONE'));
    const mark = board.snapshotMark();
    board.applySnapshot([order('a', 5, 'READY')], mark);
    expect(board.size).toBe(0);
  });

  it('adds what only the snapshot knows and drops what left the board while nobody listened', () => {
    const board = new KitchenBoard<Entry>(byId);
    board.applyEvent(order('gone', 3, 'PAID'));
    board.applyEvent(order('moved', 3, 'PAID'));
    const mark = board.snapshotMark();
    board.applySnapshot([order('moved', 5, 'READY'), order('new', 3, 'PAID')], mark);
    expect(columns(board)).toEqual({ PAID: ['new'], PREPARING: [], READY: ['moved'] });
  });

  it('keeps an order that an event placed after the snapshot read began, though the snapshot lacks it', () => {
    const board = new KitchenBoard<Entry>(byId);
    const mark = board.snapshotMark();
    board.applyEvent(order('fresh', 3, 'PAID'));
    board.applySnapshot([], mark);
    expect(columns(board).PAID).toEqual(['fresh']);
  });

  it('keeps an event newer than the snapshot copy of the same order', () => {
    const board = new KitchenBoard<Entry>(byId);
    const mark = board.snapshotMark();
    board.applyEvent(order('a', 5, 'PREPARING'));
    board.applySnapshot([order('a', 4, 'PAID')], mark);
    expect(board.get('a')?.status).toBe('PREPARING');
  });
});
