import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_TOKEN_LIFETIME_SECONDS, signToken } from './auth/tokens.ts';
import { CatalogService } from './catalog/catalog.service.ts';
import type { Config } from './config.ts';
import { Database } from './db/database.ts';
import { seedDemoCatalog } from './db/demo-catalog.ts';
import { migrateUp, openPersistence } from './db/orm.ts';
import { DiscountService } from './discounts/discount.service.ts';
import { refuseOversizedBody } from './http/body-limit.ts';
import { ServerCloseCode } from './http/close-codes.ts';
import { refuseEncodedBody } from './http/content-coding.ts';
import { healthRoutes } from './http/health.ts';
import { mutationRateCheck } from './http/limits.ts';
import { livePageRoutes } from './http/live-pages.ts';
import { metricsRoute } from './http/metrics-route.ts';
import { ensurePortFree } from './http/port-check.ts';
import { createPrincipalLimits } from './http/principal-limits.ts';
import { ownRequestFailures } from './http/request-faults.ts';
import { refuseMalformedTarget } from './http/request-target.ts';
import { attachWebSocketServer } from './http/websocket.ts';
import { createGraphQLServer } from './http/yoga.ts';
import type { Logger } from './logger.ts';
import { Metrics } from './observability/metrics.ts';
import {
  CartService,
  committedReadsOn,
  LifecycleService,
  loadedOrderView,
  noteOrdersWritten,
  OrderReads,
  OrderRepricer,
  OrderUnitOfWork,
  orderPublication,
  RepricingAudit,
  watchedOrderIds,
} from './orders/index.ts';
import { withAfterCommitFault } from './outbox/after-commit-fault.ts';
import {
  type CommittedChanges,
  type CommittedReads,
  transactionChangeTracker,
} from './outbox/committed-changes.ts';
import { OutboxRelay } from './outbox/outbox-relay.ts';
import { recordInOutbox, toCommittedChanges } from './outbox/outbox-store.ts';
import { PaymentService } from './payments/payment.service.ts';
import { channelsFor } from './realtime/channels.ts';
import { createInProcessBus, createRedisBus } from './realtime/event-bus.ts';
import { LivePublisher } from './realtime/live-publisher.ts';
import { PublishAfterCommit } from './realtime/publish-after-commit.ts';
import type { Services } from './services.ts';
import { SettingsService } from './settings/settings.service.ts';
import { settingsPublication } from './settings/settings-publication.ts';
import { toSettingsView } from './settings/settings-view.ts';

export interface RunningApp {
  server: Server;
  port: number;
  url: string;
  services: Services;
  /** The development admin token (embedded default on its generated secret only), also pre-filled in GraphiQL. */
  devAdminToken: string | undefined;
  close(): Promise<void>;
}

/** The host part of a URL that reaches a server bound to `host` from the same machine. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Builds and starts everything; `server.ts` and the tests both come through here.
 *
 * @param options.onDatabaseLockLost called if another process takes the embedded database folder's lock from
 *   this one (see `lockDataFolder`); the process must stop writing.
 * @throws the listen error (EADDRINUSE, EACCES) when the port cannot be bound, before anything else is opened.
 * @throws DataFolderInUseError when another live process holds the embedded database folder.
 */
export async function startApp(
  config: Config,
  logger: Logger,
  options: { onDatabaseLockLost?: (error: Error) => void } = {},
): Promise<RunningApp> {
  // Before the slow start-up work below: a busy port is reported at once, not after migrating and seeding.
  await ensurePortFree(config.port, config.host);
  const persistence = await openPersistence(config, { onLockLost: options.onDatabaseLockLost });
  const { orm } = persistence;
  if (config.migrateOnStart) {
    const applied = await migrateUp(orm);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  }
  const db = new Database(orm, persistence);
  if (config.seedDemoCatalog && (await db.transaction((em) => seedDemoCatalog(em)))) {
    logger.info('seeded the demo catalogue');
  }

  const bus = config.redisUrl
    ? await createRedisBus(config.redisUrl, logger, { outageLimitMs: config.pubsubOutageLimitMs })
    : createInProcessBus(logger);
  const channels = channelsFor(config.channelPrefix);
  // Re-pricing batches register the orders they wrote with the after-commit hook built below.
  const repricer = new OrderRepricer(
    db,
    {
      ordersWritten: (em, orderIds, views) => noteOrdersWritten(afterCommit.changesOf(em), orderIds, views),
    },
    { logger, watched: () => watchedOrderIds(bus, channels) },
  );
  const settings = new SettingsService(db, repricer);
  const orders = new OrderReads(db);
  let relay: OutboxRelay | undefined;
  const metrics = new Metrics({
    databaseUp: () => db.isReachable(),
    pubsubUp: () => bus.isHealthy(),
    outboxLag: () => relay?.lagSeconds() ?? Promise.resolve(0),
  });
  const publisher = new LivePublisher<CommittedChanges, CommittedReads>({
    // Settings first: a settings change commits alone, and an order part may read in batches.
    parts: [settingsPublication({ bus, channels, metrics }), orderPublication({ bus, channels, metrics })],
    reads: {
      orders: (ids) => orders.byIds(ids),
      settings: async () => toSettingsView(await settings.current()),
    },
    logger,
    metrics,
    onPublished: (outboxIds) => relay?.confirm(outboxIds),
  });
  relay = new OutboxRelay({
    db,
    publish: (em, entries) => publisher.publish(toCommittedChanges(entries), committedReadsOn(em)),
    graceMs: config.outbox.relayGraceMs,
    intervalMs: config.outbox.relayIntervalMs,
    batchSize: config.outbox.relayBatchSize,
    logger,
    metrics,
  });
  const committed = withAfterCommitFault(
    config.faultAfterCommit,
    (changes) => publisher.committed(changes),
    () => metrics.publishFailures.inc(),
  );
  // Orders and settings each recognise their own writes; order views are captured at flush time.
  const afterCommit = new PublishAfterCommit(
    transactionChangeTracker(loadedOrderView),
    (changes, outboxIds) => committed({ ...changes, outboxIds }),
    { record: recordInOutbox },
  );
  orm.em.getEventManager().registerSubscriber(afterCommit);
  const orderWrites = new OrderUnitOfWork(db, (em, orderId) =>
    afterCommit.changesSoFar(em)?.orderViews.get(orderId),
  );
  relay.start();

  const services: Services = {
    config,
    logger,
    metrics,
    db,
    bus,
    channels,
    publisher,
    settings,
    catalog: new CatalogService(db, config.limits, repricer),
    cart: new CartService(orderWrites, config.limits),
    orders,
    repricingAudit: new RepricingAudit(db),
    lifecycle: new LifecycleService(orderWrites, config.limits),
    payments: new PaymentService(orderWrites),
    discounts: new DiscountService(db, orderWrites),
  };

  // Orders a change left stale when a process stopped mid-way are finished in the background: they are safe
  // meanwhile, since every state change re-prices an order with the current terms first.
  const staleSweep = repricer.repriceStale().catch((error: unknown) => {
    logger.error({ err: error }, 're-pricing orders left stale failed');
  });

  const devAdminToken =
    config.jwtSecretFile && !config.production
      ? await signToken(
          config.jwtSecret,
          { role: 'ADMIN', sub: 'dev-admin' },
          `${MAX_TOKEN_LIFETIME_SECONDS}s`,
        )
      : undefined;
  const limits = await createPrincipalLimits(config, logger);
  const mutationRate = mutationRateCheck(config, limits.mutations, metrics);
  const yoga = createGraphQLServer(services, { graphiqlToken: devAdminToken, mutationRate });
  let draining = false;
  const health = healthRoutes({
    db,
    bus,
    isDraining: () => draining,
    realtime: async () => ({
      connections: (await metrics.websocketConnections.get()).values.reduce(
        (sum, { value }) => sum + value,
        0,
      ),
      subscriptions: (await metrics.activeSubscriptions.get()).values.reduce(
        (sum, { value }) => sum + value,
        0,
      ),
    }),
    outbox: {
      lagSeconds: () => relay.lagSeconds(),
      degradedAfterSeconds: config.outbox.lagDegradedMs / 1000,
    },
  });
  const livePages = livePageRoutes({ logger });
  const metricsEndpoint = metricsRoute(metrics);
  const inFlight = new Set<ServerResponse>();
  const routes = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // While draining, every response ends its connection so keep-alive clients move to another process.
    if (draining) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    if (refuseMalformedTarget(req, res)) {
      metrics.badRequests.inc({ reason: 'malformed_target' });
      return;
    }
    if (await health(req, res)) return;
    if (await metricsEndpoint(req, res)) return;
    if (await livePages(req, res)) return;
    if (refuseEncodedBody(req, res)) {
      metrics.badRequests.inc({ reason: 'content_encoding' });
      return;
    }
    if (refuseOversizedBody(req, res, config.limits.maxBodyBytes)) {
      metrics.limitRejections.inc({ limit: 'body_size' });
      return;
    }
    await yoga(req, res);
  };
  const server = createServer(ownRequestFailures(routes, { logger, metrics }));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  // Attached once listening: `ws` re-emits the HTTP server's errors, and a failed listen (port in use) must
  // reach the caller as one rejection, not as an unhandled 'error' event. No upgrade can arrive in between.
  const ws = attachWebSocketServer({
    httpServer: server,
    yoga,
    config,
    metrics,
    logger,
    connectionSlots: limits.connections,
    mutationRate,
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(config.host)}:${port}/graphql`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      draining = true;
      // Stop accepting, let in-flight HTTP requests finish, tell WebSocket clients to reconnect elsewhere.
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const client of ws.wss.clients) client.close(ServerCloseCode.GoingAway, 'server shutting down');
      await ws.dispose();
      // Responses still being computed (in-flight mutations) end their connection too; connections that
      // turn idle after their last response are closed as soon as they do, not after the keep-alive timeout.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      server.closeIdleConnections();
      const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
      const forced = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
      await httpClosed;
      clearInterval(idleSweep);
      clearTimeout(forced);
      repricer.stop();
      await staleSweep;
      await publisher.drain();
      await relay.stop();
      await limits.close();
      await bus.close();
      // A pool connection that died with the database can leave the pool's close waiting forever; shutdown
      // is bounded all the same, so a supervisor's restart is never held up by it.
      const poolClosed = persistence.close().then(
        () => true,
        (error: unknown) => {
          logger.warn({ err: error }, 'closing the database pool failed');
          return true;
        },
      );
      let poolTimer: NodeJS.Timeout | undefined;
      const poolTimedOut = new Promise<false>((resolve) => {
        poolTimer = setTimeout(() => resolve(false), config.shutdownGraceMs);
        poolTimer.unref();
      });
      if (!(await Promise.race([poolClosed, poolTimedOut]))) {
        logger.warn({ afterMs: config.shutdownGraceMs }, 'database pool did not close in time; leaving it');
      }
      clearTimeout(poolTimer);
    })();
    return closing;
  };

  return { server, port, url, services, devAdminToken, close };
}
