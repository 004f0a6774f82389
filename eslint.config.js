// ESLint flat config: recommended JS + typescript-eslint rules for src/ and test/, and the layering of src/ (STYLE.md rule 1).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Which top-level parts of src/ each folder may not import (values; `import type` stays allowed where
 * noted). Layers point one way: cli → the API (src/index.ts, fleet) → engine and report (pure) →
 * snapshot → types, errors and the vocabulary; collect and history are the only code that touches files.
 */
const LAYERS = {
  engine: { forbid: ['cli', 'index', 'fleet', 'report', 'history', 'collect'], fs: false },
  report: { forbid: ['cli', 'index', 'collect', 'engine'], typesOnly: ['fleet', 'history'], fs: false },
  snapshot: { forbid: ['cli', 'index', 'fleet', 'report', 'history', 'engine', 'collect'], fs: false },
  collect: { forbid: ['cli', 'index', 'fleet', 'report', 'history', 'engine'], fs: true },
  history: { forbid: ['cli', 'index', 'fleet', 'report', 'engine', 'collect'], fs: true },
  fleet: { forbid: ['cli', 'index', 'report'], fs: false },
};

/** Files that read their own assets although their folder may not touch files; each says why. */
const FILE_READERS = [
  'src/engine/load.ts', // reads the rule pack's files (the engine's one loading edge)
  'src/report/assets.ts', // reads the bundled templates and stylesheet
  'src/report/pdf/fonts.ts', // finds and reads a font file for PDF output
];

const FS_MODULES = ['fs', 'fs/promises', 'node:fs', 'node:fs/promises'];
const folderOf = (name) => (name === 'index' ? 'index\\.js$' : `${name}/`);

/** The no-restricted-imports options for a file `depth` folders below src/ (relative paths climb that many `../`). */
function restrictions(folder, depth, fs) {
  const { forbid, typesOnly = [] } = LAYERS[folder];
  const up = '\\.\\./'.repeat(depth);
  const group = (names) => `^${up}(${names.map(folderOf).join('|')})`;
  const patterns = [{ regex: group(forbid), message: `${folder}/ may not import this (layers point one way: cli → api → engine/report → snapshot; see STYLE.md)` }];
  if (typesOnly.length > 0) patterns.push({ regex: group(typesOnly), allowTypeImports: true, message: `${folder}/ may import only types from here` });
  const paths = fs ? [] : FS_MODULES.map((name) => ({ name, message: `only collect/ and history/ touch files; pass the data in` }));
  return ['error', { paths, patterns }];
}

const layering = Object.keys(LAYERS).flatMap((folder) =>
  [1, 2, 3].map((depth) => ({
    files: [`src/${folder}/${'*/'.repeat(depth - 1)}*.ts`],
    rules: { '@typescript-eslint/no-restricted-imports': restrictions(folder, depth, LAYERS[folder].fs) },
  })),
);
const fileReaders = FILE_READERS.map((file) => ({
  files: [file],
  rules: { '@typescript-eslint/no-restricted-imports': restrictions(file.split('/')[1], file.split('/').length - 2, true) },
}));

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
    ignores: ['src/cli/**', 'src/build/**'],
    rules: {
      // Only the CLI (and the build's own steps, src/build/) touches the process (STYLE.md, layering rule 1-2).
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
  {
    // The ground floor (types, errors, vocabulary) imports nothing of the project but itself.
    files: ['src/types.ts', 'src/errors.ts', 'src/vocabulary.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: FS_MODULES.map((name) => ({ name, message: 'the vocabulary, types and errors touch no files' })), patterns: [{ regex: '^\\./[a-z-]+/', message: 'types, errors and the vocabulary import no other part of src/' }] }],
    },
  },
  ...layering,
  ...fileReaders,
);
