import { ADMIN_ONLY, STAFF_ONLY } from '../auth/scopes.ts';
import { actorOf } from '../auth/viewer.ts';
import { InputError } from '../errors.ts';
import { builder } from '../graphql/builder.ts';
import { resolveConnection } from '../graphql/connections.ts';
import { instantPart, uuidPart } from '../graphql/cursor-key-parts.ts';
import { liveValueOrEnd } from '../graphql/live-end-error.ts';
import { liveValues } from '../realtime/live-values.ts';
import type { HistoryPosition } from './settings.service.ts';
import type { SettingsChange } from './settings-change.entity.ts';
import { settingsChannel } from './settings-publication.ts';
import { isSettingsView, type SettingsView, toSettingsView } from './settings-view.ts';

export const SettingsRef = builder.objectRef<SettingsView>('Settings').implement({
  description: 'The one settings row. Every price computed after a change commits uses the new values.',
  fields: (t) => ({
    taxRatePercent: t.expose('taxRatePercent', { type: 'Decimal' }),
    surchargePercent: t.expose('surchargePercent', { type: 'Decimal' }),
    currency: t.exposeString('currency'),
    terminalProvider: t.exposeString('terminalProvider', STAFF_ONLY),
    version: t.exposeInt('version'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const SettingsChangeRef = builder.objectRef<SettingsChange>('SettingsChange').implement({
  ...STAFF_ONLY,
  fields: (t) => ({
    id: t.exposeID('id'),
    changedAt: t.expose('changedAt', { type: 'DateTime' }),
    actor: t.exposeString('actor'),
    field: t.exposeString('field'),
    oldValue: t.exposeString('oldValue'),
    newValue: t.exposeString('newValue'),
    ordersRepriced: t.int({
      description:
        'Orders whose prices this change moved so far (grows while its re-pricing runs; 0 for non-pricing fields).',
      resolve: (change) => change.priceChange?.ordersRepriced ?? 0,
    }),
    settingsVersion: t.exposeInt('settingsVersion'),
  }),
});

const UpdateSettingsInput = builder.inputType('UpdateSettingsInput', {
  fields: (t) => ({
    taxRatePercent: t.field({ type: 'Decimal', required: false, description: '0–100, at most 3 decimals' }),
    surchargePercent: t.field({ type: 'Decimal', required: false, description: '0–100, at most 3 decimals' }),
    currency: t.string({ required: false, description: 'ISO 4217 code' }),
    terminalProvider: t.string({ required: false }),
  }),
});

/** A cursor's key is the row's place in the order (time, id): rows of one change share a timestamp. */
const historyKeyParts = [instantPart, uuidPart] as const;

builder.queryFields((t) => ({
  settings: t.field({
    type: SettingsRef,
    resolve: async (_root, _args, { services }) => toSettingsView(await services.settings.current()),
  }),
  settingsHistory: t.connection(
    {
      type: SettingsChangeRef,
      description:
        'Staff: settings changes newest first (a Relay connection; `first`/`last` at most MAX_PAGE_SIZE).',
      ...STAFF_ONLY,
      resolve: (_root, args, { services }) => {
        return resolveConnection(args, {
          list: 'settingsHistory',
          maxPageSize: services.config.limits.maxPageSize,
          keyOf: (change: SettingsChange) => [change.changedAt.toISOString(), change.id],
          keyParts: historyKeyParts,
          toKey: ([changedAt, id]): HistoryPosition => ({ changedAt, id }),
          fetch: (window) => services.settings.history(window),
        });
      },
    },
    { name: 'SettingsChangeConnection' },
    { name: 'SettingsChangeEdge' },
  ),
}));

builder.mutationFields((t) => ({
  updateSettings: t.field({
    type: SettingsRef,
    description:
      'Admin only. Commits the change at once (tills wait for it only), then re-prices every in-progress order in short batches; answers once every one carries the new terms.',
    ...ADMIN_ONLY,
    errors: { types: [InputError] },
    args: { input: t.arg({ type: UpdateSettingsInput, required: true }) },
    resolve: async (_root, { input }, { viewer, services }) =>
      toSettingsView(await services.settings.update(actorOf(viewer), input)),
  }),
}));

builder.subscriptionFields((t) => ({
  settingsUpdated: t.field({
    type: SettingsRef,
    description: 'One value after each committed settings change.',
    subscribe: (_root, _args, { services }) =>
      liveValues({
        bus: services.bus,
        channel: settingsChannel(services.channels),
        snapshot: async () => toSettingsView(await services.settings.current()),
        accept: isSettingsView,
        version: (settings) => settings.version,
        emitSnapshot: false,
        bufferSize: 16,
        logger: services.logger,
      }),
    resolve: liveValueOrEnd,
  }),
}));
