/** Latency summary in milliseconds. */
export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(values: number[]): Percentiles {
  if (values.length === 0)
    return { count: 0, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
  return {
    count: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1] as number,
  };
}

/** At most `points` evenly spaced quantiles of a sample: what a CDF chart needs, at a bounded size. */
export function cdfPoints(values: number[], points = 200): [number, number][] {
  if (values.length === 0) return [];
  const sorted = Float64Array.from(values).sort();
  const out: [number, number][] = [];
  for (let i = 1; i <= points; i++) {
    const q = i / points;
    out.push([sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number, q]);
  }
  return out;
}
