// ESLint for the whole monorepo: `npm run lint` (with Prettier's check and the type check).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

export default tseslint.config(
  {
    ignores: [
      'web/codegen.ts',
      'web/vite.config.ts',
      '**/dist/**',
      '**/node_modules/**',
      'web/src/gql/**',
      'test/dist-bench/**',
      'test/artifacts/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Unused names are the compiler's job (noUnusedLocals / noUnusedParameters), with `_` for deliberate ones.
      '@typescript-eslint/no-unused-vars': 'off',
      // Express and TypeGraphQL hand us promise-returning callbacks where void is declared; they are awaited there.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-assertions': [
        'error',
        { assertionStyle: 'as', objectLiteralTypeAssertions: 'allow-as-parameter' },
      ],
      // Reactions, jobs and resolvers are async by contract even when one has nothing to await.
      '@typescript-eslint/require-await': 'off',
      // graphql-js's OperationTypeNode and Kind are string enums, compared with their literal values.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // String(x) on parsed outside input (query strings, JSON, CSV) is the intended conversion.
      '@typescript-eslint/no-base-to-string': 'off',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  // Command-line entry points print for people; the server's own lines go through its logger.
  {
    files: ['server/src/main.ts', 'server/src/emit-schema.ts', 'server/src/server.ts'],
    rules: { 'no-console': 'off' },
  },
  // The layers: the web never imports the server; shared (bundled into the browser) imports neither.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      // Apollo's `refetch` and react-router's `navigate` are plain functions, not methods that need `this`.
      '@typescript-eslint/unbound-method': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '@vigil/server', '@vigil/server/**'],
              message: 'The web talks to the server over GraphQL only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/web/**', '@vigil/server', '@vigil/web'],
              message: 'shared/ is pure rules: it imports neither the server nor the web.',
            },
            {
              group: ['node:*', 'typeorm', 'express', 'ws'],
              message: 'shared/ is bundled into the browser: no Node or server libraries.',
            },
          ],
        },
      ],
    },
  },
  // The server: no import cycles between its modules; no `any` in domain or service code.
  {
    files: ['server/src/**/*.ts', 'shared/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // Entities describe the relational graph, whose relations point both ways (TypeORM resolves them lazily).
  { files: ['server/src/**/*.entity.ts'], rules: { 'import-x/no-cycle': 'off' } },
  // Tests read GraphQL answers as loosely typed JSON, and may print a benchmark's table.
  {
    files: ['test/**/*.ts', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // A test builds up a record of fixtures in beforeAll.
      '@typescript-eslint/consistent-type-assertions': [
        'error',
        { assertionStyle: 'as', objectLiteralTypeAssertions: 'allow' },
      ],
      'no-console': 'off',
    },
  },
);
