import type { CatalogService } from './catalog/catalog.service.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { DiscountService } from './discounts/discount.service.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './observability/metrics.ts';
import type { CartService, LifecycleService, OrderReads, RepricingAudit } from './orders/index.ts';
import type { CommittedChanges, CommittedReads } from './outbox/committed-changes.ts';
import type { PaymentService } from './payments/payment.service.ts';
import type { Channels } from './realtime/channels.ts';
import type { EventBus } from './realtime/event-bus.ts';
import type { LivePublisher } from './realtime/live-publisher.ts';
import type { SettingsService } from './settings/settings.service.ts';

/** Everything request handling needs, built once at start-up and handed to the GraphQL context. */
export interface Services {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  db: Database;
  bus: EventBus;
  channels: Channels;
  publisher: LivePublisher<CommittedChanges, CommittedReads>;
  settings: SettingsService;
  catalog: CatalogService;
  cart: CartService;
  orders: OrderReads;
  /** Which orders each price change re-priced; an order's timeline. */
  repricingAudit: RepricingAudit;
  lifecycle: LifecycleService;
  payments: PaymentService;
  discounts: DiscountService;
}
