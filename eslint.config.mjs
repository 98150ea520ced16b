import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// The TypeScript parser for imported files, with the resolver-next API instead of the plugin's by-name resolver.
const { 'import-x/resolver': _byName, ...importSettings } = importX.flatConfigs.typescript.settings;

export default tseslint.config(
  { ignores: ['node_modules/', '.serverless/', '.esbuild/', 'coverage/', 'dist/', 'test-results/', '**/*.js', '**/*.cjs', '**/*.mjs'] },
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
      'no-restricted-imports': ['error', { patterns: [{ group: ['@aws-sdk/*'], message: 'AWS SDK imports belong in lib/aws/ only.' }] }],
    },
  },
  {
    // No module imports, directly or through others, a module that imports it (docs/decisions/0010-no-import-cycles.md).
    // Type-only imports are erased at build time and are not counted.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { ...importSettings, 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  { files: ['lib/aws/**/*.ts', 'test/**/*.ts', 'sandbox/**/*.ts', 'bench/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
);
