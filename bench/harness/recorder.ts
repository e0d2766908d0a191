import { performance } from 'node:perf_hooks';

/**
 * One clock (this process's monotonic `performance.now()`) for every timestamp: when each mutation was sent
 * (or, open loop, scheduled) and when each subscriber received each version.
 */
export class Recorder {
  readonly #sentAt = new Map<string, number>();
  readonly #expected = new Map<number, number[]>();
  readonly #newest = new Map<number, number>();
  readonly #subscriberOrder: number[] = [];
  readonly #lastVersion: number[] = [];
  readonly #deliveredSub: number[] = [];
  readonly #deliveredVersion: number[] = [];
  readonly #deliveredAt: number[] = [];
  outOfOrder = 0;
  duplicateVersions = 0;
  mutationErrors = 0;
  firstError: string | undefined;
  recording = false;

  /** Registers a subscriber of order `orderIndex`; returns its value callback's id. */
  addSubscriber(orderIndex: number): number {
    this.#subscriberOrder.push(orderIndex);
    this.#lastVersion.push(0);
    return this.#subscriberOrder.length - 1;
  }

  received(subscriber: number, version: number, at: number): void {
    const last = this.#lastVersion[subscriber] as number;
    if (version <= last) {
      this.outOfOrder++;
      return;
    }
    this.#lastVersion[subscriber] = version;
    if (!this.recording) return;
    this.#deliveredSub.push(subscriber);
    this.#deliveredVersion.push(version);
    this.#deliveredAt.push(at);
  }

  committed(orderIndex: number, version: number, sentAt: number): void {
    if (this.#sentAt.has(`${orderIndex}:${version}`)) {
      // Two sends reported the same committed version: only one of them made it.
      this.duplicateVersions++;
      return;
    }
    this.#sentAt.set(`${orderIndex}:${version}`, sentAt);
    let versions = this.#expected.get(orderIndex);
    if (!versions) {
      versions = [];
      this.#expected.set(orderIndex, versions);
    }
    versions.push(version);
    this.#newest.set(orderIndex, Math.max(version, this.#newest.get(orderIndex) ?? 0));
  }

  failed(error: unknown): void {
    this.mutationErrors++;
    this.firstError ??= error instanceof Error ? error.message : String(error);
  }

  /** True once every subscriber holds the newest version committed for its order. */
  caughtUp(): boolean {
    return this.behind() === 0;
  }

  /** Subscribers that do not (yet) hold the newest version committed for their order. */
  behind(): number {
    let count = 0;
    for (const [sub, order] of this.#subscriberOrder.entries()) {
      if ((this.#lastVersion[sub] as number) < (this.#newest.get(order) ?? 0)) count++;
    }
    return count;
  }

  async waitCaughtUp(timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (this.caughtUp()) return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.caughtUp();
  }

  /** Latencies of every delivery of a committed mutation's version, and how many expected deliveries never came. */
  summarise(): { latencies: number[]; deliveries: number; lost: number; unmatched: number } {
    const latencies: number[] = [];
    const matched = new Array<number>(this.#subscriberOrder.length).fill(0);
    let unmatched = 0;
    for (let i = 0; i < this.#deliveredSub.length; i++) {
      const sub = this.#deliveredSub[i] as number;
      const sentAt = this.#sentAt.get(`${this.#subscriberOrder[sub]}:${this.#deliveredVersion[i]}`);
      if (sentAt === undefined) {
        unmatched++;
        continue;
      }
      matched[sub] = (matched[sub] as number) + 1;
      latencies.push((this.#deliveredAt[i] as number) - sentAt);
    }
    let lost = 0;
    for (const [sub, order] of this.#subscriberOrder.entries()) {
      lost += (this.#expected.get(order)?.length ?? 0) - (matched[sub] as number);
    }
    return { latencies, deliveries: this.#deliveredSub.length, lost, unmatched };
  }
}
