import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { type AuthScopes, notAuthorized, scopesOf } from '../auth/scopes.ts';
import type { GraphQLContext } from './context.ts';

function capitalised(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The one schema builder; each feature module adds its part (see `schema.ts`). */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    ID: { Input: string; Output: string };
    Decimal: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date | string };
  };
}>({
  // Scope auth first: a field's scopes are checked before any other plugin's wrapper runs its resolver.
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin],
  scopeAuth: {
    authScopes: ({ viewer }) => scopesOf(viewer),
    unauthorizedError: (_parent, { viewer }, info) => notAuthorized(viewer, info),
    // Live views are checked when they are set up, not first on their first event.
    authorizeOnSubscribe: true,
  },
  defaultFieldNullability: false,
  // Connections only (see `connections.ts`): no global object identification, ids stay the entities' UUIDs.
  relay: {
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    nodesOnConnection: true,
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
  errors: {
    defaultTypes: [],
    directResult: true,
    defaultUnionOptions: { name: ({ fieldName }) => `${capitalised(fieldName)}Result` },
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
