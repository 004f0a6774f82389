// The layering of src/ is enforced by eslint.config.js: an upward import, or file access outside collect/ and history/, fails the lint
// (`npm run lint` checks src/ as it stands).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: fileURLToPath(new URL('..', import.meta.url)) });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

const cases: { file: string; code: string; fails: boolean }[] = [
  // upward imports
  { file: 'src/engine/x.ts', code: "import { writeOutput } from '../cli/io.js';\nwriteOutput;\n", fails: true },
  { file: 'src/engine/x.ts', code: "import { renderAudit } from '../report/index.js';\nrenderAudit;\n", fails: true },
  { file: 'src/engine/x.ts', code: "import { parseRegistry } from '../index.js';\nparseRegistry;\n", fails: true },
  { file: 'src/report/fleet/x.ts', code: "import { auditFleet } from '../../fleet/run.js';\nauditFleet;\n", fails: true },
  { file: 'src/report/x.ts', code: "import { auditGroup } from '../engine/index.js';\nauditGroup;\n", fails: true },
  { file: 'src/snapshot/x.ts', code: "import { loadRules } from '../engine/index.js';\nloadRules;\n", fails: true },
  { file: 'src/snapshot/x.ts', code: "import { defaultProfile } from '../collect/profile/load.js';\ndefaultProfile;\n", fails: true },
  { file: 'src/collect/registry/x.ts', code: "import { openStore } from '../../history/index.js';\nopenStore;\n", fails: true },
  { file: 'src/history/x.ts', code: "import { formatContext } from '../cli/render.js';\nformatContext;\n", fails: true },
  { file: 'src/vocabulary.ts', code: "import { ROLES } from './engine/values.js';\nROLES;\n", fails: true },
  // files touched outside collect/ and history/
  { file: 'src/report/x.ts', code: "import { readFileSync } from 'node:fs';\nreadFileSync;\n", fails: true },
  { file: 'src/engine/x.ts', code: "import { readFile } from 'node:fs/promises';\nreadFile;\n", fails: true },
  // what the layering allows
  { file: 'src/report/fleet/x.ts', code: "import type { FleetResult } from '../../fleet/types.js';\nexport type X = FleetResult;\n", fails: false },
  { file: 'src/report/fleet/x.ts', code: "import { buildAuditView } from '../view.js';\nbuildAuditView;\n", fails: false },
  { file: 'src/engine/x.ts', code: "import { fingerprint } from '../snapshot/canonical.js';\nimport { ROLES } from '../vocabulary.js';\nfingerprint; ROLES;\n", fails: false },
  { file: 'src/fleet/x.ts', code: "import { collectServer } from '../collect/index.js';\nimport { auditGroup } from '../engine/index.js';\ncollectServer; auditGroup;\n", fails: false },
  { file: 'src/history/x.ts', code: "import { readFileSync } from 'node:fs';\nreadFileSync;\n", fails: false },
  { file: 'src/cli/commands/x.ts', code: "import { auditGroup } from '../../engine/index.js';\nimport { readFileSync } from 'node:fs';\nauditGroup; readFileSync;\n", fails: false },
];

for (const c of cases) {
  test(`lint: ${c.file} ${c.code.split('\n')[0]} ${c.fails ? 'fails' : 'passes'}`, async () => {
    const messages = await restricted(c.file, c.code);
    assert.equal(messages.length > 0, c.fails, messages.join('; ') || 'no restricted-import message');
  });
}

test('npm run lint fails on an upward import: the eslint command itself, on a file under src/engine/', () => {
  const eslintBin = fileURLToPath(new URL('../node_modules/eslint/bin/eslint.js', import.meta.url));
  const lint = (code: string) => spawnSync(process.execPath, [eslintBin, '--stdin', '--stdin-filename', 'src/engine/upward.ts'], { cwd: fileURLToPath(new URL('..', import.meta.url)), input: code, encoding: 'utf8' });
  const upward = lint("import { writeOutput } from '../cli/io.js';\nexport const x = writeOutput;\n");
  assert.equal(upward.status, 1, upward.stderr);
  assert.match(upward.stdout, /no-restricted-imports/);
  const fine = lint("import { ROLES } from '../vocabulary.js';\nexport const x = ROLES;\n");
  assert.equal(fine.status, 0, fine.stdout + fine.stderr);
});
