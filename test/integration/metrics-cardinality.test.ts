import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAcknowledgedSocket, postQuery, postRaw } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

/** Every series `/metrics` exports (name and labels, without the value). */
async function seriesOnMetrics(): Promise<Set<string>> {
  const text = await (await fetch(new URL('/metrics', stack.url))).text();
  const series = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.slice(0, line.lastIndexOf(' ')));
  return new Set(series);
}

/** What one client may choose freely: root fields, operation names, aliases, types, codes it cannot reach. */
function hostileDocuments(n: number): { body: string; label: string }[] {
  const marker = `junk_field_name_${n}`;
  return [
    { body: JSON.stringify({ query: `{ ${marker} }` }), label: marker },
    { body: JSON.stringify({ query: `mutation { ${marker} }` }), label: marker },
    { body: JSON.stringify({ query: `subscription ${marker} { ${marker} }` }), label: marker },
    {
      body: JSON.stringify({ query: `query ${marker} { __typename }`, operationName: marker }),
      label: marker,
    },
    { body: JSON.stringify({ query: `query { __typename } query ${marker} { ${marker} }` }), label: marker },
    { body: JSON.stringify({ query: `{ ${marker}: products(first: 1) { nodes { id } } }` }), label: marker },
    { body: JSON.stringify({ query: `{ ${marker} ` }), label: marker },
    { body: JSON.stringify({ query: `{ products(${marker}: 1) { nodes { id } } }` }), label: marker },
  ];
}

describe('/metrics', () => {
  it('keeps its label values bounded by the schema whatever names clients send', async () => {
    // Warm-up: the series a well-formed and a malformed operation create once.
    for (const { body } of hostileDocuments(0)) await postRaw(stack.url, body);
    const before = await seriesOnMetrics();

    // Each distinct name would add its own series: 40 rounds of 8 shapes show growth as well as 150 would.
    for (let n = 1; n <= 40; n++) {
      await Promise.all(hostileDocuments(n).map(({ body }) => postRaw(stack.url, body)));
    }
    const socket = await openAcknowledgedSocket(stack.url);
    for (let n = 1; n <= 30; n++) {
      socket.send({
        id: `s${n}`,
        type: 'subscribe',
        payload: { query: `subscription { junk_field_name_${n} }` },
      });
      socket.send({ id: `q${n}`, type: 'subscribe', payload: { query: `{ junk_field_name_ws_${n} }` } });
    }
    await socket.message((message) => message.id === 'q30' && message.type === 'error');
    socket.socket.close();

    const after = await seriesOnMetrics();
    const added = [...after].filter((series) => !before.has(series));
    // Histogram buckets of a series first observed now are fine; names chosen by clients are not.
    expect(added.filter((series) => series.includes('junk_field_name'))).toEqual([]);
    expect(added.filter((series) => !series.includes('_seconds')).length).toBeLessThan(10);
    // Still counted, under the fixed label.
    expect([...after].some((series) => series.includes('field="(invalid)"'))).toBe(true);
    expect((await postQuery(stack.url, '{ __typename }')).status).toBe(200);
  }, 120_000);
});
