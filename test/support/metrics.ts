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
