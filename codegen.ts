import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `npm run codegen`: prints the Pothos schema to `schema/schema.graphql` (committed; CI fails on drift) and
 * generates typed documents for the operations the tests send.
 */
const config: CodegenConfig = {
  schema: './src/graphql/schema.ts',
  documents: ['test/**/*.ts', '!test/gql/**'],
  ignoreNoDocuments: true,
  importExtension: '.ts',
  generates: {
    'schema/schema.graphql': { plugins: ['schema-ast'], config: { includeDirectives: true } },
    'test/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Decimal: 'string', DateTime: 'string' },
      },
    },
  },
};

export default config;
