// ESLint flat config: recommended JS + typescript-eslint rules for src/ and test/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'build-test/', 'node_modules/', 'fixtures/', '.pairaudit/', 'out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      // Only the CLI touches the process (STYLE.md, layering rule 1-2).
      'no-restricted-globals': ['error', { name: 'process', message: 'Only src/cli/ may touch process; pass values in.' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='console']", message: 'Library code returns results; the CLI writes them.' }],
    },
  },
);
