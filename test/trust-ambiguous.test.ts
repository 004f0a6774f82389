// Evidence that gives a setting two values: collection keeps one and warns; the audit said IN PARITY on the one
// kept and showed the warning nowhere. Now the setting is unknown where its two values differ, the warning is in
// the result (servers[].warnings), in every format and on standard error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditResult } from '../src/types.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

/** The healthy pair, each server's DB key given a value named `A\B` and a subkey `DB\A` whose value `B` meets it in one name. */
function pairMeetingInOneName(dir: string, values: { main: [string, string]; standby: [string, string] }): void {
  cpSync('fixtures/pairs/healthy', dir, { recursive: true });
  for (const [server, [first, second]] of [['main', values.main], ['standby-a', values.standby]] as const) {
    const file = join(dir, server, 'ClearSCADA.reg');
    const text = readFileSync(file, 'utf16le');
    const port = '"Port"=dword:00001569';
    assert.ok(text.includes(port));
    const edited = `${text.replace(port, `${port}\r\n"A\\\\B"="${first}"`)}\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DB\\A]\r\n"B"="${second}"\r\n`;
    writeFileSync(file, edited, 'utf16le');
  }
}

const CASES: { name: string; values: { main: [string, string]; standby: [string, string] }; unknown: string[]; verdict: AuditResult['verdict'] }[] = [
  { name: 'two values alike on both servers: nothing lost, a warning only', values: { main: ['one', 'one'], standby: ['one', 'one'] }, unknown: [], verdict: 'in-parity' },
  { name: "the Standby's two values differ: unknown on the Standby", values: { main: ['one', 'one'], standby: ['one', 'two'] }, unknown: ['standby-a'], verdict: 'incomplete' },
  { name: "both servers' two values differ: unknown on each", values: { main: ['one', 'two'], standby: ['one', 'two'] }, unknown: ['main', 'standby-a'], verdict: 'incomplete' },
];

for (const c of CASES) {
  test(`audit, two values meeting in one name, ${c.name}`, async () => {
    const { dir, cleanup } = tempDir('pairaudit-ambiguous-');
    try {
      pairMeetingInOneName(dir, c.values);
      const args = ['audit', join(dir, 'main'), join(dir, 'standby-a'), '--at', '2026-11-20T08:00:00Z'];
      const r = await runCli([...args, '-f', 'json'], { cwd: dir });
      const result = JSON.parse(r.stdout) as AuditResult;
      const ambiguous = result.findings.filter((f) => f.messageId === 'valueAmbiguous');
      assert.deepEqual(
        ambiguous.map((f) => Object.keys(f.sources)[0]),
        c.unknown,
      );
      for (const f of ambiguous) {
        assert.equal(f.status, 'unknown');
        assert.equal(f.setting, 'reg:DB\\A\\B');
        assert.match(f.message, /evidence gives reg:DB\\A\\B more than one value \(ClearSCADA\.reg line \d+: setting "reg:DB\\A\\B" is defined twice; kept the value of line \d+\); the rules compared the one kept, so it is not judged/);
      }
      // Each server's warning is in the result, and on standard error as `collect` prints it.
      assert.deepEqual(
        result.servers.map((s) => s.warnings?.length ?? 0),
        [1, 1],
      );
      assert.equal(r.stderr.split('\n').filter((l) => /^pairaudit: warning: .*ClearSCADA\.reg: line \d+: setting "reg:DB\\A\\B" is defined twice/.test(l)).length, 2, r.stderr);
      // Only the unknowns from old bundles' missing evidence stand beside these (info, below the threshold).
      assert.equal(result.verdict, c.verdict);
      for (const format of ['text', 'markdown', 'html', 'junit']) {
        const shown = await runCli([...args, '-f', format], { cwd: dir });
        assert.match(shown.stdout, /Collection warnings/i, format);
        if (format !== 'junit') assert.match(shown.stdout, /Reading the evidence gave 2 warnings/, format);
        else assert.match(shown.stdout, /<system-err>Collection warnings:\nNORTH-A \(Main\): ClearSCADA\.reg line \d+: setting &quot;reg:DB\\A\\B&quot; is defined twice/);
      }
    } finally {
      cleanup();
    }
  });
}
