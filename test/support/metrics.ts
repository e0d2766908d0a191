/** Reads one sample from the server's `GET /metrics` (Prometheus text format); 0 when absent. */
export async function scrapeMetric(
  httpUrl: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(new URL('/metrics', httpUrl))).text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name} `) && !line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length).split(' ')[0] ?? '';
    if (wanted.every((pair) => labelText.includes(pair))) return Number(line.split(' ').at(-1));
  }
  return 0;
}

/** Polls `/metrics` until `predicate` holds for the sample, failing after `timeoutMs` (no fixed sleeps). */
export async function waitForMetric(
  httpUrl: string,
  name: string,
  labels: Record<string, string>,
  predicate: (value: number) => boolean,
  timeoutMs = 10_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await scrapeMetric(httpUrl, name, labels);
    if (predicate(value)) return value;
    if (Date.now() > deadline) throw new Error(`${name}${JSON.stringify(labels)} stayed at ${value}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Resolves once the API at `httpUrl` reports its Redis pub/sub link `up` or `down` (the `pos_pubsub_up`
 * gauge, 1 or 0), as it does after a private Redis is killed or started again; fails after `timeoutMs`.
 */
export async function waitForPubsub(
  httpUrl: string,
  state: 'up' | 'down',
  timeoutMs = 10_000,
): Promise<void> {
  await waitForMetric(httpUrl, 'pos_pubsub_up', {}, (value) => value === (state === 'up' ? 1 : 0), timeoutMs);
}

/** The sum of every sample of `name` (all label values), e.g. a gauge split by field; 0 when absent. */
export async function sumMetric(httpUrl: string, name: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', httpUrl))).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

/** Polls `/metrics` until the sum of every sample of `name` is `expected`, failing after `timeoutMs`. */
export async function waitForMetricSum(
  httpUrl: string,
  name: string,
  expected: number,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await sumMetric(httpUrl, name);
    if (value === expected) return;
    if (Date.now() > deadline) throw new Error(`${name} stayed at ${value}, expected ${expected}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
