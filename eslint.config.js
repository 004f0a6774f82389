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
    // Spreading an array into call arguments puts every element on the stack: past ~100k elements it
    // throws RangeError (Math.max(...x) in the PDF did above ~125,000 findings). Loop instead.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(Math|String)$/] > SpreadElement", message: 'Math.max/min(...x) and String.fromCharCode(...x) throw past ~100k elements; use a loop (#11).' },
        { selector: "CallExpression[callee.property.name=/^(push|unshift)$/] > SpreadElement[argument.type!='CallExpression']", message: 'push(...array) throws past ~100k elements; use a loop or concat (#11).' },
        { selector: "CallExpression[callee.property.name='apply']", message: 'fn.apply(x, array) throws past ~100k elements; use a loop (#11).' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      // Only the CLI touches the process (STYLE.md, layering rule 1-2).
      'no-restricted-globals': ['error', { name: 'process', message: 'Only src/cli/ may touch process; pass values in.' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='console']", message: 'Library code returns results; the CLI writes them.' },
        // Repeated here: a later no-restricted-syntax replaces the earlier one's list for these files.
        { selector: "CallExpression[callee.object.name=/^(Math|String)$/] > SpreadElement", message: 'Math.max/min(...x) and String.fromCharCode(...x) throw past ~100k elements; use a loop (#11).' },
        { selector: "CallExpression[callee.property.name=/^(push|unshift)$/] > SpreadElement[argument.type!='CallExpression']", message: 'push(...array) throws past ~100k elements; use a loop or concat (#11).' },
        { selector: "CallExpression[callee.property.name='apply']", message: 'fn.apply(x, array) throws past ~100k elements; use a loop (#11).' },
      ],
    },
  },
);
