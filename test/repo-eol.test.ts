// A fresh clone shows no file as modified: every file .gitattributes normalises (`text`, e.g. the cmd collector with
// `text eol=crlf`) is stored with LF in the index, so that checking it out and reading it back changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const lsFiles = spawnSync('git', ['ls-files', '--eol'], { encoding: 'utf8' });
const skip = lsFiles.status === 0 ? false : 'not a git checkout (an unpacked package)';

test('files git normalises are stored with LF line ends (no file shows as modified on a fresh clone)', { skip }, () => {
  // Each line: `i/<index eol> w/<worktree eol> attr/<attributes> \t<path>`.
  const rows = lsFiles.stdout.trim().split('\n').map((l) => {
    const [meta, path] = l.split('\t');
    const [index, , attr] = meta!.trim().split(/\s+/);
    return { index: index!, attr: attr ?? '', path: path! };
  });
  const normalised = rows.filter((r) => /^attr\/text\b/.test(r.attr) || r.attr.includes(' text'));
  assert.ok(normalised.some((r) => r.path === 'collectors/collect-pairaudit.cmd'), 'the cmd collector is normalised (collectors/.gitattributes)');
  assert.deepEqual(normalised.filter((r) => r.index === 'i/crlf' || r.index === 'i/mixed').map((r) => r.path), []);
});
