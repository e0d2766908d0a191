/** Re-writes bench/RESULTS.md and bench/latency-cdf.svg from bench/results/latest.json (e.g. after editing NOTES.md). */
import { readFileSync } from 'node:fs';
import { type BenchResults, writeReport } from './harness/report.ts';

writeReport(JSON.parse(readFileSync('bench/results/latest.json', 'utf8')) as BenchResults);
console.log('wrote bench/RESULTS.md and bench/latency-cdf.svg');
