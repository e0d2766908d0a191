import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Which limit rejected a request; the `limit` label of `pos_limit_rejections_total`. */
export type LimitName =
  | 'body_size'
  | 'query'
  | 'variables'
  | 'mutation_rate'
  | 'subscriptions_per_connection'
  | 'connections_per_user'
  | 'websocket_origin';

/**
 * Where a failure that was not the client's doing (a bug, a broken dependency) was caught: the `source` label of
 * `pos_internal_errors_total`. `unhandled_rejection` and `uncaught_exception` are the process-level backstop:
 * anything counted there escaped its owner and is a bug to fix.
 */
export type FaultSource = 'http' | 'unhandled_rejection' | 'uncaught_exception';

/**
 * Every Prometheus metric the API exports, on a registry of its own (one per running app, so several apps in
 * one process — the tests — do not share counters). Label values are bounded: root field names come from the
 * schema, never from client-chosen operation names.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly operations = new Counter({
    name: 'pos_graphql_operations_total',
    help: 'GraphQL operations executed, by operation type and root field',
    labelNames: ['type', 'field', 'transport'] as const,
    registers: [this.registry],
  });

  readonly operationErrors = new Counter({
    name: 'pos_graphql_operation_errors_total',
    help: 'Errors in GraphQL results, by code and kind (client, unavailable, internal: only internal is a fault)',
    labelNames: ['type', 'field', 'code', 'kind'] as const,
    registers: [this.registry],
  });

  readonly operationDuration = new Histogram({
    name: 'pos_graphql_operation_duration_seconds',
    help: 'Time to execute a query or mutation (subscriptions: time to set up)',
    labelNames: ['type', 'field'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly websocketConnections = new Gauge({
    name: 'pos_websocket_connections',
    help: 'Open WebSocket connections',
    registers: [this.registry],
  });

  readonly activeSubscriptions = new Gauge({
    name: 'pos_active_subscriptions',
    help: 'Active GraphQL subscriptions, by subscription field',
    labelNames: ['field'] as const,
    registers: [this.registry],
  });

  readonly eventsPublished = new Counter({
    name: 'pos_events_published_total',
    help: 'Live events published to the channel layer after commit, by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly publishFailures = new Counter({
    name: 'pos_event_publish_failures_total',
    help: 'Committed changes whose live event could not be published (subscribers converge on resync)',
    registers: [this.registry],
  });

  readonly eventsDelivered = new Counter({
    name: 'pos_events_delivered_total',
    help: 'Subscription values sent to WebSocket clients, by subscription field',
    labelNames: ['field'] as const,
    registers: [this.registry],
  });

  readonly commitToPublish = new Histogram({
    name: 'pos_commit_to_publish_seconds',
    help: 'Time from a transaction commit to its live events being published',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly internalErrors = new Counter({
    name: 'pos_internal_errors_total',
    help: "Failures outside GraphQL operations that were not the client's doing, by where they were caught",
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly badRequests = new Counter({
    name: 'pos_http_bad_requests_total',
    help: 'HTTP requests refused (400, 415) before any route ran, because the client sent something malformed',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly websocketProtocolErrors = new Counter({
    name: 'pos_websocket_protocol_errors_total',
    help: "WebSocket connections closed for a protocol error: kind=client (4400, the client's frame), kind=internal (4500, a fault)",
    labelNames: ['kind', 'reason'] as const,
    registers: [this.registry],
  });

  readonly limitRejections = new Counter({
    name: 'pos_limit_rejections_total',
    help: 'Requests, operations or connections rejected by a configured limit',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  readonly outboxRelayed = new Counter({
    name: 'pos_outbox_relayed_total',
    help: 'Outbox rows published by the relay because the committing process had not confirmed them',
    registers: [this.registry],
  });

  readonly outboxRelayFailures = new Counter({
    name: 'pos_outbox_relay_failures_total',
    help: 'Relay passes that failed (database or channel layer away); their rows are retried',
    registers: [this.registry],
  });

  constructor(probes: {
    databaseUp: () => Promise<boolean>;
    pubsubUp: () => boolean;
    /** Seconds since the oldest unpublished outbox row was written. */
    outboxLag?: () => Promise<number>;
  }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'pos_' });
    new Gauge({
      name: 'pos_database_up',
      help: '1 when the database answers a trivial query',
      registers: [this.registry],
      async collect() {
        this.set((await probes.databaseUp()) ? 1 : 0);
      },
    });
    new Gauge({
      name: 'pos_pubsub_up',
      help: '1 when the channel layer (Redis publisher and subscriber) is connected',
      registers: [this.registry],
      collect() {
        this.set(probes.pubsubUp() ? 1 : 0);
      },
    });
    const { outboxLag } = probes;
    if (outboxLag) {
      new Gauge({
        name: 'pos_outbox_oldest_unpublished_age_seconds',
        help: 'Age of the oldest committed change not yet confirmed as published (0 when none waits)',
        registers: [this.registry],
        async collect() {
          // A scrape while the database is away must still answer; pos_database_up says why this is -1.
          this.set(await outboxLag().catch(() => -1));
        },
      });
    }
  }
}
