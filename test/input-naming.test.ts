// An error about a file given to --config, --waivers, --profile or --rules names it as the user gave it (relative
// stays relative), as an error about an export, bundle or snapshot does: `./c.yaml` is `./c.yaml`, a rule file of
// `--rules ./site` is `site/<id>.json` (as a bundle's ClearSCADA.reg is `<bundle>/ClearSCADA.reg`). They were named
// by their absolute resolved path. A fleet's per-pair files are named as the inventory writes them (fleet-paths.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundledPackDir } from '../src/vocabulary.js';
import { runCli, writeFleetInventory } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const ROOT = join(import.meta.dirname, '..');
const UTF16 = 'looks like UTF-16LE text without a byte-order mark (every other byte is zero); re-save it as UTF-8, or as UTF-16 with its byte-order mark (Notepad: Save As, encoding "UTF-8" or "UTF-16 LE")';
const utf16 = (text: string): Buffer => Buffer.from(text, 'utf16le');

/** A site rule citing the bundled pack's sources, with `patch` applied. */
function rule(patch: Record<string, unknown> = {}): string {
  const r = { id: 'site-rule', title: 'Site', severity: 'warning', category: 'ports', rationale: 'Because [PORTS].', remediation: 'Fix it.', references: ['PORTS'], select: ['db.port'], compare: { kind: 'must-equal' }, ...patch };
  return JSON.stringify(r, null, 2);
}

/** The bundled profile with `patch` applied, as JSON text. */
function profile(patch: Record<string, unknown>): string {
  return JSON.stringify({ ...(JSON.parse(readFileSync(join(ROOT, 'profiles', 'geo-scada.json'), 'utf8')) as Record<string, unknown>), ...patch });
}

/** What JSON.parse says of `text` (the words differ between Node versions). */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('valid JSON');
}

/** What RegExp says of `source` (the words differ between Node versions). */
function regexError(source: string): string {
  try {
    new RegExp(source, 'i');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('valid regular expression');
}

type Option = '--config' | '--waivers' | '--profile' | '--rules';
interface Case {
  option: Option;
  kind: string;
  /** The files to write, by path under the working directory. */
  files: Record<string, string | Buffer>;
  /** The option's value, relative to the working directory. */
  given: string;
  /** The message line, after `pairaudit: `. */
  line: string;
}

const badProfileJson = '{ "name": "site",\n';
const badSecretPattern = profile({ secretValueNames: '(password' });

const CASES: Case[] = [
  { option: '--config', kind: 'a YAML syntax error', files: { 'c.yaml': 'severity: [\n' }, given: './c.yaml', line: './c.yaml: line 2: Flow sequence in block collection must be sufficiently indented and end with a ]; fix the YAML/JSON syntax' },
  { option: '--config', kind: 'an unknown key', files: { 'conf/c.yaml': 'severity: {}\nthreshold: {}\n' }, given: 'conf/c.yaml', line: 'conf/c.yaml: line 2: config: unknown field `threshold`; did you mean `thresholds`?' },
  { option: '--config', kind: 'a missing file', files: {}, given: 'conf/none.yaml', line: 'conf/none.yaml: cannot read (ENOENT); check the path' },
  { option: '--config', kind: 'UTF-16 without a byte-order mark', files: { 'c16.yaml': utf16('severity: {}\n') }, given: 'c16.yaml', line: `c16.yaml: ${UTF16}` },
  { option: '--config', kind: 'an invalid pattern', files: { 'conf/p.yaml': 'allow:\n  - "reg:Server\\\\A***"\n' }, given: './conf/p.yaml', line: './conf/p.yaml: line 2: allow: glob "reg:Server\\\\A***" has "***"; use "*" for one dotted segment or "**" for anything' },
  { option: '--waivers', kind: 'a YAML syntax error', files: { 'w.yaml': '- ruleId: [\n' }, given: './w.yaml', line: './w.yaml: line 2: Flow sequence in block collection must be sufficiently indented and end with a ]; fix the YAML/JSON syntax' },
  { option: '--waivers', kind: 'an unknown key', files: { 'conf/w.yaml': '- ruleId: db-port\n  value: {}\n' }, given: 'conf/w.yaml', line: 'conf/w.yaml: line 2: waiver: unknown field `value`; did you mean `values`?' },
  { option: '--waivers', kind: 'a missing file', files: {}, given: './none.yaml', line: './none.yaml: cannot read (ENOENT); check the path' },
  { option: '--waivers', kind: 'UTF-16 without a byte-order mark', files: { 'w16.yaml': utf16('- ruleId: db-port\n') }, given: 'w16.yaml', line: `w16.yaml: ${UTF16}` },
  { option: '--waivers', kind: 'a rule no pack has', files: { 'w.yaml': '- { ruleId: db-prot, setting: db.port, reason: r, approvedBy: me, expires: 2027-01-31, values: { main: 1 } }\n' }, given: 'w.yaml', line: 'w.yaml: line 1: waiver names rule `db-prot`, which no loaded rule pack has; run `pairaudit rules list` for the ids' },
  { option: '--profile', kind: 'a JSON syntax error', files: { 'site.json': badProfileJson }, given: './site.json', line: `./site.json: line 1: not valid JSON (${jsonError(badProfileJson)}); a profile is a JSON file like profiles/geo-scada.json` },
  { option: '--profile', kind: 'an unknown key', files: { 'conf/site.json': profile({ secretContents: [] }) }, given: 'conf/site.json', line: 'conf/site.json: profile field "secretContents": unknown field; did you mean "secretContent"?; see profiles/README.md for the profile format' },
  { option: '--profile', kind: 'a missing file', files: {}, given: 'conf/none.json', line: 'conf/none.json: cannot read the profile (ENOENT); check the path given to --profile' },
  { option: '--profile', kind: 'UTF-16 without a byte-order mark', files: { 'p16.json': utf16(profile({})) }, given: 'p16.json', line: `p16.json: ${UTF16}` },
  { option: '--profile', kind: 'an invalid pattern', files: { 'conf/secret.json': badSecretPattern }, given: './conf/secret.json', line: `./conf/secret.json: profile field (withheld: it may hold a secret): not a valid regular expression (${regexError('(password')}); see profiles/README.md for the profile format` },
  { option: '--rules', kind: 'a syntax error in a rule file', files: { 'site/site-rule.json': '{ "id": "site-rule",\n' }, given: './site', line: `${join('site', 'site-rule.json')}: line 2: Flow map must end with a }; fix the YAML/JSON syntax` },
  { option: '--rules', kind: 'an unknown key in a rule file', files: { 'packs/site/site-rule.json': rule({ severty: 'info' }) }, given: 'packs/site', line: `${join('packs', 'site', 'site-rule.json')}: line 17: rule \`site-rule\`: unknown field \`severty\`; did you mean \`severity\`?` },
  { option: '--rules', kind: 'a missing folder', files: {}, given: './packs/none', line: './packs/none: cannot read the rule folder (ENOENT); check the --rules path' },
  { option: '--rules', kind: 'a folder without rules', files: { 'empty/README.md': 'notes\n' }, given: 'empty', line: 'empty: has no rule files (<id>.json); check the --rules path' },
  { option: '--rules', kind: 'a rule file in UTF-16 without a byte-order mark', files: { 'site/site-rule.json': utf16(rule()) }, given: 'site', line: `${join('site', 'site-rule.json')}: ${UTF16}` },
  { option: '--rules', kind: 'an invalid pattern in a rule file', files: { 'site/site-rule.json': rule({ select: ['reg:Server\\A***'] }) }, given: './site/', line: `${join('site', 'site-rule.json')}: line 12: rule \`site-rule\`: field \`select\`: glob "reg:Server\\\\A***" has "***"; use "*" for one dotted segment or "**" for anything` },
  {
    option: '--rules',
    kind: 'a rule id the bundled pack has',
    files: { 'site/db-port.json': rule({ id: 'db-port' }) },
    given: 'site',
    line: `${join('site', 'db-port.json')}: rule \`db-port\`: field \`id\`: duplicate id, also defined in ${join(bundledPackDir, 'db-port.json')}; rename one of them (a pack cannot replace a bundled rule; override its severity in --config instead)`,
  },
];

/** The commands that read each option, and the arguments before it. */
const COMMANDS: Record<Option, [string, string[]][]> = {
  '--config': [
    ['audit', ['p/main', 'p/standby-a']],
    ['check', ['p/main', 'p/standby-a']],
  ],
  '--waivers': [
    ['audit', ['p/main', 'p/standby-a']],
    ['check', ['p/main', 'p/standby-a']],
  ],
  '--rules': [
    ['audit', ['p/main', 'p/standby-a']],
    ['check', ['p/main', 'p/standby-a']],
    ['rules', ['list']],
  ],
  '--profile': [
    ['audit', ['p/main', 'p/standby-a']],
    ['check', ['p/main', 'p/standby-a']],
    ['record', ['p/main', '--store', 'store']],
    ['fleet', ['fleet.yaml']],
  ],
};

for (const c of CASES) {
  for (const [command, before] of COMMANDS[c.option]) {
    test(`${command} ${c.option} names the file as given: ${c.kind} (${c.given})`, async () => {
      const t = tempDir('pairaudit-input-names-');
      try {
        cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy'), join(t.dir, 'p'), { recursive: true });
        writeFleetInventory(t.dir, ['      - name: scada', '        servers: { main: p/main, standby-a: p/standby-a }']);
        for (const [file, content] of Object.entries(c.files)) {
          mkdirSync(dirname(join(t.dir, file)), { recursive: true });
          writeFileSync(join(t.dir, file), content);
        }
        const r = await runCli([command, ...before, c.option, c.given], { cwd: t.dir, now: '2026-11-20T09:20:00Z' });
        assert.equal(r.stderr, `pairaudit: ${c.line}\n`);
        assert.equal(r.code, 2);
      } finally {
        t.cleanup();
      }
    });
  }
}
