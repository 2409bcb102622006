import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

/**
 * Typed document nodes from the committed server/schema.graphql (never a running server), so CI can check that
 * `npm run codegen` leaves no diff.
 *
 * Every document is also a trusted (persisted) document: `src/gql/persisted-documents.json` maps each document's
 * sha256 (`sha256:<hex>`) to its text, and the server runs only those for browser sessions, wall tokens and anonymous
 * callers in production. Each typed document carries its hash (`__meta__.hash`), which the client sends instead of
 * the text. The `__typename` selections Apollo Client's cache adds are added here, before hashing, so that what the
 * server runs for a hash is exactly what the client's cache expects back.
 */
const config: CodegenConfig = {
  schema: '../server/schema.graphql',
  documents: ['src/**/*.graphql.ts'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
      },
      documentTransforms: [addTypenameSelectionDocumentTransform],
      config: {
        scalars: { DateTimeISO: 'string', JSONObject: 'Record<string, unknown>' },
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
      },
    },
  },
};

export default config;
