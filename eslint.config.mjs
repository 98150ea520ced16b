import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// The TypeScript parser for imported files, with the resolver-next API instead of the plugin's by-name resolver.
const { 'import-x/resolver': _byName, ...importSettings } = importX.flatConfigs.typescript.settings;

// What each layer may import (docs/architecture.md "Layers", docs/decisions/0012-layers-and-composition-roots.md).
// Patterns match the import as written, so each is a path segment anywhere in a relative import.
const SDK = { group: ['@aws-sdk/*'], message: 'AWS SDK imports belong in lib/aws/ only.' };
const NOT_SANDBOX = {
  regex: '(^|/)(sandbox|test|bench)(/|$)',
  message: 'The product never imports sandbox/, test/ or bench/: they run the product, not the other way round.',
};
const NOT_ENTRY_POINTS = {
  regex: '(^|/)functions(/|$)',
  message: 'functions/ holds entry points and wiring; nothing imports them.',
};
const LIB = {
  regex: '(^|/)(handlers|functions)(/|$)',
  message:
    'lib/ is adapters and infrastructure: it never imports handlers/ or functions/ (a composition root goes in functions/wiring/).',
};
const COMMANDS = {
  regex: '(^|/)(handlers|functions|lib/aws|lib/slack|lib/state)(/|$)',
  message:
    "commands/ is the product's rules and ports: it never imports handlers/, functions/ or the adapters in lib/aws, lib/slack and lib/state.",
};
const restrict = (...patterns) => ['error', { patterns }];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.serverless/',
      '.esbuild/',
      'coverage/',
      'dist/',
      'test-results/',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => logger.info(…)` reads fine; braces everywhere would add noise, not clarity.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Layout is Prettier's (.prettierrc.json, `npm run format`); the one layout rule the configs above turn on
      // is off, as eslint-config-prettier has it: with semicolons always written it has nothing left to catch.
      'no-unexpected-multiline': 'off',
      // Prettier breaks code at 120 columns but never comments, strings or template literals: comments are held to
      // the same width here (long strings and URLs stay whole, as Prettier leaves them).
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true },
      ],
      'no-restricted-imports': restrict(SDK),
    },
  },
  {
    // No module imports, directly or through others, a module that imports it (docs/decisions/0010-no-import-cycles.md).
    // Type-only imports are erased at build time and are not counted.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importSettings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // A file's last matching entry decides its no-restricted-imports: the layers, from the outside in.
  { files: ['functions/**/*.ts'], rules: { 'no-restricted-imports': restrict(SDK, NOT_SANDBOX) } },
  { files: ['handlers/**/*.ts'], rules: { 'no-restricted-imports': restrict(SDK, NOT_SANDBOX, NOT_ENTRY_POINTS) } },
  { files: ['commands/**/*.ts'], rules: { 'no-restricted-imports': restrict(SDK, NOT_SANDBOX, COMMANDS) } },
  { files: ['lib/**/*.ts'], rules: { 'no-restricted-imports': restrict(SDK, NOT_SANDBOX, LIB) } },
  { files: ['lib/aws/**/*.ts'], rules: { 'no-restricted-imports': restrict(NOT_SANDBOX, LIB) } },
  { files: ['test/**/*.ts', 'sandbox/**/*.ts', 'bench/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
);
