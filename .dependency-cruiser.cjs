/**
 * The architecture's boundaries, checked in CI (`npm run boundaries`); docs/architecture.md explains them.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules form a directed graph: a cycle makes load order and layering accidental.',
      // The entities of one aggregate reference each other through ORM relations (an order and its payments).
      from: { path: '^src/', pathNot: '\\.entity\\.ts$' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'realtime-is-domain-free',
      severity: 'error',
      comment:
        'realtime/ is the bus, the after-commit buffer and live-stream plumbing: features plug into it, never the reverse.',
      from: { path: '^src/realtime/' },
      to: { path: '^src/(orders|settings|catalog|discounts|payments|auth|http|graphql|db)/' },
    },
    {
      name: 'orders-through-its-public-module',
      severity: 'error',
      comment: 'Outside orders/, import orders/index.ts only.',
      from: { path: '^src/', pathNot: '^src/(orders/|graphql/schema\\.ts$|graphql/error-types\\.ts$)' },
      to: {
        path: '^src/orders/',
        pathNot: '^src/orders/index\\.ts$',
      },
    },
    {
      name: 'graphql-assembly-registers-orders-schema',
      severity: 'error',
      comment:
        'The schema assembly registers the orders/schema/ parts; the shared error types read only the status list.',
      from: { path: '^src/graphql/(schema|error-types)\\.ts$' },
      to: {
        path: '^src/orders/',
        pathNot: '^src/orders/(index\\.ts|schema/[^/]+\\.schema\\.ts|domain/order-status\\.ts)$',
      },
    },
    {
      name: 'settings-and-catalog-know-no-orders',
      severity: 'error',
      comment:
        'A pricing change reaches orders through the PricingChanges hook (price-changes/) wired at start-up (app.ts).',
      from: { path: '^src/(settings|catalog)/', pathNot: '^src/settings/currency-change\\.ts$' },
      to: { path: '^src/orders/' },
    },
    {
      name: 'orders-domain-is-pure',
      severity: 'error',
      comment:
        'Pricing, transitions and rules: no ORM, no GraphQL, no I/O, nothing from the other layers of orders/.',
      from: { path: '^src/orders/domain/' },
      to: {
        path: '(^src/orders/(persistence|schema|live)/)|(^src/(db|realtime|graphql|http)/)|(@mikro-orm|graphql|ioredis)',
        dependencyTypesNot: ['type-only'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|web|test|bench)/' },
  },
};
