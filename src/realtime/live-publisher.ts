import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { type OrderReads, type OrderView, toOrderEvent } from '../orders/index.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { SettingsView } from '../settings/settings-view.ts';
import { toSettingsView } from '../settings/settings-view.ts';
import type { Channels } from './channels.ts';
import type { EventBus } from './event-bus.ts';
import type { CommittedChanges } from './publish-after-commit.ts';

const READ_BATCH = 500;

/** Where the publisher reads committed state it did not capture: a snapshot read, or a caller's transaction. */
export interface CommittedReads {
  orders(ids: readonly string[]): Promise<OrderView[]>;
  settings(): Promise<SettingsView>;
}

/**
 * Gives a publish an owner the moment it starts. A publish can fail (Redis away) while `#publish` still awaits a
 * read; a rejection with no handler attached by then is an unhandled rejection. The failure still reaches the
 * `Promise.all` that awaits it.
 */
function owned(publish: Promise<void>): Promise<void> {
  void publish.catch(() => {});
  return publish;
}

/**
 * Turns committed changes into channel messages: each order's state on its own channel (cartUpdated) and
 * as an OrderEvent on the board channel (liveOrders). Runs after the commit, detached from the mutation: each
 * order's committed state is serialised once for all its subscribers. A failed publish is
 * logged and counted; subscribers converge anyway (version order plus re-read after Redis reconnects).
 * Orders whose state the flush hook captured in memory are published as captured; only the others are read.
 */
export class LivePublisher {
  readonly #bus: EventBus;
  readonly #channels: Channels;
  readonly #logger: Logger;
  readonly #metrics: Metrics | undefined;
  readonly #onPublished: (outboxIds: readonly string[]) => void;
  readonly #reads: CommittedReads;
  #inFlight = new Set<Promise<void>>();

  constructor(deps: {
    bus: EventBus;
    channels: Channels;
    orders: OrderReads;
    settings: SettingsService;
    logger: Logger;
    metrics?: Metrics;
    /** Told the outbox rows of a change once its messages are published (the outbox removes them). */
    onPublished?: (outboxIds: readonly string[]) => void;
  }) {
    this.#bus = deps.bus;
    this.#channels = deps.channels;
    this.#logger = deps.logger;
    this.#metrics = deps.metrics;
    this.#onPublished = deps.onPublished ?? (() => {});
    this.#reads = {
      orders: (ids) => deps.orders.byIds(ids),
      settings: async () => toSettingsView(await deps.settings.current()),
    };
  }

  /**
   * Called by the after-commit hook; never blocks or fails the committed mutation. A change whose publish
   * fails keeps its outbox rows, which the relay publishes later.
   */
  committed(changes: CommittedChanges): void {
    const committedAt = performance.now();
    const work = this.publish(changes).then(() => {
      this.#metrics?.commitToPublish.observe((performance.now() - committedAt) / 1000);
      if (changes.outboxIds.length) this.#onPublished(changes.outboxIds);
    });
    const settled = work.catch((error: unknown) => {
      this.#metrics?.publishFailures.inc();
      this.#logger.error({ err: error }, 'publishing committed changes failed');
    });
    this.#inFlight.add(settled);
    void settled.finally(() => this.#inFlight.delete(settled));
  }

  /** Resolves when every publish started so far has finished (used by graceful shutdown). */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * Publishes the committed state of `changes` (captured views as they are, everything else read through
   * `reads`); rejects when any message could not be published.
   */
  async publish(changes: CommittedChanges, reads: CommittedReads = this.#reads): Promise<void> {
    // Views captured at flush time go out first, without a database round trip.
    const sent = [...changes.orderViews.values()].map((view) => owned(this.#sendOrder(view, changes)));
    if (changes.settingsChanged) {
      const settings = await reads.settings();
      sent.push(
        owned(
          this.#bus.publish(this.#channels.settings(), settings).then(() => {
            this.#metrics?.eventsPublished.inc({ kind: 'settings' });
          }),
        ),
      );
    }
    const ids = [...changes.orderIds].filter((id) => !changes.orderViews.has(id));
    for (let start = 0; start < ids.length; start += READ_BATCH) {
      const views = await reads.orders(ids.slice(start, start + READ_BATCH));
      sent.push(...views.map((view) => owned(this.#sendOrder(view, changes))));
    }
    await Promise.all(sent);
  }

  /** The order's state on its own channel (cartUpdated) and as an OrderEvent on the board (liveOrders). */
  async #sendOrder(view: OrderView, changes: CommittedChanges): Promise<void> {
    await Promise.all([
      this.#bus.publish(this.#channels.order(view.id), view),
      this.#bus.publish(this.#channels.orderBoard(), toOrderEvent(view, changes.orderChanges.get(view.id))),
    ]);
    this.#metrics?.eventsPublished.inc({ kind: 'order' }, 2);
  }
}
