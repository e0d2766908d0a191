import { MessageType, stringifyMessage } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { sharedPayload, withSharedPayload } from '../../src/http/shared-frame-payloads.ts';

/** A frame as graphql-ws's server makes it: stringified, then handed to the transport's `send`. */
function frameFor(id: string, payload: unknown): string {
  return withSharedPayload(stringifyMessage({ id, type: MessageType.Next, payload: payload as never }));
}

describe('shared frame payloads', () => {
  it('serialises one result once and gives every operation id a frame with that result', () => {
    let serialised = 0;
    const view = { id: 'o-1', total: '10.95', items: [{ name: 'Soup "hot" \u00e9', quantity: 2 }] };
    const result = {
      data: {
        cartUpdated: {
          ...view,
          toJSON() {
            serialised += 1;
            return view;
          },
        },
      },
    };
    const frames = ['1', 'x"y', '\u2028'].map((id) => frameFor(id, sharedPayload(result)));
    expect(serialised).toBe(1);
    for (const [index, id] of ['1', 'x"y', '\u2028'].entries()) {
      expect(JSON.parse(frames[index]!)).toEqual({
        id,
        type: 'next',
        payload: { data: { cartUpdated: view } },
      });
    }
  });

  it('keeps errors in the frame as GraphQL formats them', () => {
    const result = { data: null, errors: [{ message: 'gone', path: ['cartUpdated'] }] };
    expect(JSON.parse(frameFor('a', sharedPayload(result as never)))).toEqual({
      id: 'a',
      type: 'next',
      payload: result,
    });
  });

  it('leaves every other frame unchanged', () => {
    const frame = stringifyMessage({ id: 'a', type: MessageType.Complete });
    expect(withSharedPayload(frame)).toBe(frame);
    const plain = stringifyMessage({ id: 'b', type: MessageType.Next, payload: { data: { n: 1 } } });
    expect(withSharedPayload(plain)).toBe(plain);
  });
});
