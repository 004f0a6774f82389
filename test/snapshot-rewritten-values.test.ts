// A value one export writes twice: `reg export` writes each key once, so a file that gives a value again with other
// data was edited or joined from two exports, and one of the two is not what the server holds. The later is kept, as
// an import would keep it, with a warning naming the setting: an audit then reports the setting unknown
// (valueAmbiguous) and `check` cannot say GO on it. The same data again, or a value deleted and written again (a
// .reg made to patch a key), is no conflict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditResult } from '../src/types.js';
import { parseRegistry } from '../src/collect/registry/index.js';
import { buildSnapshot } from '../src/snapshot/build.js';
import { defaultProfile } from '../src/collect/profile/load.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NOW = '2026-11-20T08:20:00Z';
const HEAD = 'Windows Registry Editor Version 5.00\r\n\r\n';
const CS = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const DB = `[${CS}\\DB]\r\n`;

/** The snapshot of `body` (after the header, a root key first so the profile finds its root) and its warnings. */
function built(body: string): { port: unknown; warnings: { line?: number; message: string; setting?: string }[] } {
  const text = `${HEAD}[${CS}]\r\n"InstallLocation"="C:\\\\Program Files\\\\Schneider Electric\\\\ClearSCADA\\\\"\r\n\r\n${body}`;
  const tree = parseRegistry(Buffer.from(`\uFEFF${text}`, 'utf16le'), { file: 'main.reg' });
  const s = buildSnapshot({ trees: [{ tree, source: { file: 'main.reg', sha256: 'x', bytes: 1, kind: 'registry' } }], collector: { name: 'p', version: '0' }, profile: defaultProfile(), secretKey: 'k' });
  return { port: s.settings['db.port']?.value, warnings: (s.warnings ?? []).filter((w) => /written again/.test(w.message)) };
}

const CASES: { name: string; body: string; port: number; warned?: { line: number; earlier: number } }[] = [
  { name: 'a key written twice, the port changed', body: `${DB}"Port"=dword:00001569\r\n\r\n${DB}"Port"=dword:0000156a\r\n`, port: 0x156a, warned: { line: 10, earlier: 7 } },
  { name: 'the port twice in one section', body: `${DB}"Port"=dword:0000156a\r\n"Port"=dword:00001569\r\n`, port: 0x1569, warned: { line: 8, earlier: 7 } },
  { name: 'the name again in another case', body: `${DB}"Port"=dword:00001569\r\n"PORT"=dword:0000156a\r\n`, port: 0x156a, warned: { line: 8, earlier: 7 } },
  { name: 'the same port twice (nothing lost)', body: `${DB}"Port"=dword:00001569\r\n\r\n${DB}"Port"=dword:00001569\r\n`, port: 0x1569 },
  { name: 'deleted, then written again (a patch)', body: `${DB}"Port"=dword:0000156a\r\n"Port"=-\r\n"Port"=dword:00001569\r\n`, port: 0x1569 },
  { name: 'one section, each value once', body: `${DB}"Port"=dword:00001569\r\n"Other"=dword:00000001\r\n`, port: 0x1569 },
];

for (const c of CASES) {
  test(`a value one export writes twice: ${c.name}`, () => {
    const { port, warnings } = built(c.body);
    assert.equal(port, c.port, 'the later is kept, as an import would keep it');
    if (c.warned === undefined) {
      assert.deepEqual(warnings, []);
      return;
    }
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].line, c.warned.line);
    assert.equal(warnings[0].setting, 'db.port', 'the warning names the setting, which an audit then reports ambiguous');
    assert.match(warnings[0].message, new RegExp(`^value "P(?:ort|ORT)" of .*\\\\DB is written again with other data than line ${c.warned.earlier} gives it`));
  });
}

/** The Main's DB key written twice through check: [first port, last port]; the Standby's is 5481. */
const CHECKS: { name: string; ports: [string, string] }[] = [
  { name: 'the port 5482 first, the Standby\'s 5481 last (GO before, on the value kept)', ports: ['0000156a', '00001569'] },
  { name: 'the Standby\'s 5481 first, 5482 last', ports: ['00001569', '0000156a'] },
];

for (const c of CHECKS) {
  test(`check on a Main whose export writes the DB key twice: ${c.name}: NO-GO, db-port unknown`, async (t) => {
    const { dir, cleanup } = tempDir('pairaudit-rewritten-');
    t.after(cleanup);
    cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy'), dir, { recursive: true });
    const file = join(dir, 'main', 'ClearSCADA.reg');
    const text = readFileSync(file, 'utf16le');
    const [first, last] = c.ports;
    const edited = text.replace(`${DB}"Port"=dword:00001569\r\n`, `${DB}"Port"=dword:${first}\r\n`) + `\r\n${DB}"Port"=dword:${last}\r\n`;
    assert.notEqual(edited.indexOf(`${DB}"Port"=dword:${first}`), -1, "the first DB section's port was rewritten");
    writeFileSync(file, edited, 'utf16le');
    const r = await runCli(['check', join(dir, 'main'), join(dir, 'standby-a'), '-f', 'json'], { cwd: dir, now: NOW });
    const result = JSON.parse(r.stdout) as AuditResult;
    const port = result.findings.filter((f) => f.ruleId === 'db-port' && f.status !== 'pass').map((f) => `${f.status} ${f.messageId}`);
    assert.deepEqual(port, ['unknown valueAmbiguous']);
    assert.equal(result.go, false);
    assert.notEqual(r.code, 0);
  });
}
