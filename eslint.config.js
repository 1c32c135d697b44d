// Type-aware lint for what the compiler does not catch: promises left floating or passed where a
// callback is expected, and switches that miss a case. In web/: the rules of hooks, no user-visible
// text outside i18n, and features that never import each other.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import i18next from 'eslint-plugin-i18next';

const FEATURES = [
  'auth',
  'inbox',
  'dialog',
  'lead',
  'notifications',
  'distribution',
  'users',
  'audit',
  'departments',
  'tokens',
  'channels',
  'bots',
  'email',
  'transcript',
  'reports',
  'service',
  'monitor',
  'hours',
  'csat',
  'workspace-settings',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'web/dist/**', 'web/public/**', 'scripts/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['web/src/**/*.tsx', 'web/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks, i18next },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'i18next/no-literal-string': ['error', { mode: 'jsx-text-only' }],
    },
  },
  ...FEATURES.map((f) => ({
    files: [`web/src/features/${f}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: FEATURES.filter((o) => o !== f).flatMap((o) => [`../${o}/*`, `../../features/${o}/*`]),
              message: 'Features never import each other; the app composes them.',
            },
          ],
        },
      ],
    },
  })),
);
