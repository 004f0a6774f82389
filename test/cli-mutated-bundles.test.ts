// Damaged evidence through the whole command line: a bundle file cut short, with bytes changed, lines added or removed,
// re-encoded or emptied (seeded, so a failure is found again) never crashes `audit` or `check`: the exit code is a
// documented one, no stack trace is printed, and an input error is one line naming the damaged file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';

const SOURCE = 'fixtures/pairs/healthy-evidence';
const SIDES = ['main', 'standby-a'];
/** Lines a damaged or hand-edited file may hold. */
const STRAY_LINES = ['[', ']', '[]', '{', '}', 'null', '"Port"=dword:zz', '"Port"=hex(b):01', '"x"=hex(7):00,\\', '"a"="unterminated', '@=', '"\u0000"="\u0000"', 'x'.repeat(70_000), '<?xml version="1.0"?><a', '\uFEFF', '\uD800', 'Windows Registry Editor Version 5.00', '[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA]'];

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** `bytes` damaged one way, chosen by `next`; the way's name. */
function damaged(bytes: Buffer, next: () => number): [string, Buffer] {
  const at = (n: number): number => Math.floor(next() * n);
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const text = utf16 ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8');
  const encode = (t: string): Buffer => (utf16 ? Buffer.concat([bytes.subarray(0, 2), Buffer.from(t, 'utf16le')]) : Buffer.from(t, 'utf8'));
  const lines = text.split('\n');
  switch (at(6)) {
    case 0:
      return ['cut short', bytes.subarray(0, at(bytes.length))];
    case 1: {
      const b = Buffer.from(bytes);
      for (let k = 0; k < 1 + at(8); k++) b[at(b.length)] = at(256);
      return ['bytes changed', b];
    }
    case 2:
      lines.splice(at(lines.length), 0, STRAY_LINES[at(STRAY_LINES.length)]!);
      return ['a line added', encode(lines.join('\n'))];
    case 3:
      lines.splice(at(lines.length), 1);
      return ['a line removed', encode(lines.join('\n'))];
    case 4:
      return ['re-encoded', utf16 ? Buffer.from(text, 'utf8') : Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])];
    default:
      return ['emptied', Buffer.alloc(0)];
  }
}

const next = random(20261203);
for (let k = 0; k < 24; k++) {
  const side = SIDES[Math.floor(next() * SIDES.length)]!;
  const files = readdirSync(join(SOURCE, side)).filter((f) => f !== 'hosts').sort();
  const file = files[Math.floor(next() * files.length)]!;
  const [how, bytes] = damaged(readFileSync(join(SOURCE, side, file)), next);
  const command = next() < 0.5 ? 'check' : 'audit';
  test(`${command}: ${side}/${file} ${how} (case ${k})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pairaudit-damaged-'));
    try {
      cpSync(SOURCE, dir, { recursive: true });
      writeFileSync(join(dir, side, file), bytes);
      const r = await runCli([command, 'main', 'standby-a', '-f', 'json'], { cwd: dir, now: '2026-11-20T08:20:00Z' });
      assert.ok([0, 1, 2, 3].includes(r.code), `exit ${r.code}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'a stack trace');
      if (r.code !== 2) {
        assert.equal(typeof (JSON.parse(r.stdout) as { verdict?: unknown }).verdict, 'string');
        return;
      }
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      assert.equal(lines.length, 1, r.stderr);
      // The damaged file, or its folder (a bundle whose file no longer says what it is).
      assert.ok(lines[0]!.startsWith(`pairaudit: ${join(side, file)}: `) || lines[0]!.startsWith(`pairaudit: ${side}/${file}: `) || lines[0]!.startsWith(`pairaudit: ${side}: `), lines[0]);
      assert.equal(r.stdout, '', 'nothing half-written');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
