import { requireAdmin, requireStaff } from '../auth/viewer.ts';
import { InputError } from '../errors.ts';
import { builder } from '../graphql/builder.ts';
import { liveValues } from '../realtime/live-values.ts';
import type { SettingsChange } from './settings-change.entity.ts';
import { isSettingsView, type SettingsView, toSettingsView } from './settings-view.ts';

export const SettingsRef = builder.objectRef<SettingsView>('Settings').implement({
  description: 'The one settings row. Every price computed after a change commits uses the new values.',
  fields: (t) => ({
    taxRatePercent: t.expose('taxRatePercent', { type: 'Decimal' }),
    surchargePercent: t.expose('surchargePercent', { type: 'Decimal' }),
    currency: t.exposeString('currency'),
    terminalProvider: t.exposeString('terminalProvider'),
    version: t.exposeInt('version'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const SettingsChangeRef = builder.objectRef<SettingsChange>('SettingsChange').implement({
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

const SettingsChangePage = builder
  .objectRef<{ nodes: SettingsChange[]; endCursor: string | null }>('SettingsChangePage')
  .implement({
    fields: (t) => ({
      nodes: t.field({ type: [SettingsChangeRef], resolve: (page) => page.nodes }),
      endCursor: t.string({ nullable: true, resolve: (page) => page.endCursor }),
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

/** Opaque page cursor: the position (time, id) of the last row returned. */
function encodeCursor(change: SettingsChange): string {
  return Buffer.from(`${change.changedAt.toISOString()}|${change.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { changedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor.slice(0, 200), 'base64url').toString().split('|');
  const changedAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(changedAt.getTime())) {
    throw new InputError('after', 'after must be an endCursor returned by settingsHistory');
  }
  return { changedAt, id };
}

builder.queryFields((t) => ({
  settings: t.field({
    type: SettingsRef,
    resolve: async (_root, _args, { services }) => toSettingsView(await services.settings.current()),
  }),
  settingsHistory: t.field({
    type: SettingsChangePage,
    description: 'Newest first. `after` is the `endCursor` of the previous page.',
    args: { first: t.arg.int({ required: false }), after: t.arg.string({ required: false }) },
    resolve: async (_root, args, { viewer, services }) => {
      requireStaff(viewer);
      const { maxPageSize } = services.config.limits;
      const first = args.first ?? 20;
      if (first < 1 || first > maxPageSize) {
        throw new InputError('first', `first must be between 1 and ${maxPageSize}`);
      }
      const after = args.after ? decodeCursor(args.after) : undefined;
      const nodes = await services.settings.history(first, after);
      const last = nodes.at(-1);
      return { nodes, endCursor: last ? encodeCursor(last) : null };
    },
  }),
}));

builder.mutationFields((t) => ({
  updateSettings: t.field({
    type: SettingsRef,
    description:
      'Admin only. Commits the change at once (tills wait for it only), then re-prices every in-progress order in short batches; answers once every one carries the new terms.',
    errors: { types: [InputError] },
    args: { input: t.arg({ type: UpdateSettingsInput, required: true }) },
    resolve: async (_root, { input }, { viewer, services }) => {
      const actor = requireAdmin(viewer);
      return toSettingsView(await services.settings.update(actor, input));
    },
  }),
}));

builder.subscriptionFields((t) => ({
  settingsUpdated: t.field({
    type: SettingsRef,
    description: 'One value after each committed settings change.',
    subscribe: (_root, _args, { services }) =>
      liveValues({
        bus: services.bus,
        channel: services.channels.settings(),
        snapshot: async () => toSettingsView(await services.settings.current()),
        accept: isSettingsView,
        version: (settings) => settings.version,
        emitSnapshot: false,
        bufferSize: 16,
        logger: services.logger,
      }),
    resolve: (settings) => settings,
  }),
}));
