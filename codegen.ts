import type { CodegenConfig } from '@graphql-codegen/cli';

const typedDocumentConfig = {
  useTypeImports: true,
  enumsAsTypes: true,
  scalars: { Decimal: 'string', DateTime: 'string' },
};

/**
 * `npm run codegen`: prints the Pothos schema to `schema/schema.graphql` (committed; CI fails on drift) and
 * generates typed documents for the operations the tests send (`test/gql/`) and the live pages send
 * (`web/gql/`). Each output gets only its own documents, so the browser bundle carries none of the tests'.
 */
const config: CodegenConfig = {
  schema: './src/graphql/schema.ts',
  ignoreNoDocuments: true,
  importExtension: '.ts',
  generates: {
    'schema/schema.graphql': { plugins: ['schema-ast'], config: { includeDirectives: true } },
    'test/gql/': {
      documents: ['test/**/*.ts', '!test/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: typedDocumentConfig,
    },
    'web/gql/': {
      documents: ['web/**/*.ts', '!web/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      // Documents as strings: the browser sends them as they are, with no GraphQL parser in the bundle.
      config: { ...typedDocumentConfig, documentMode: 'string' },
    },
  },
};

export default config;
