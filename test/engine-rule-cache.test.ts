// The validated bundled pack that `npm run build` writes (engine/load.ts, writeRuleCache): a run that finds it reads
// one file instead of validating every rule file, and gets exactly what validating them gives. A cache made from
// other texts (an edited, added or removed rule file, another sources table) or by other validator code is not used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRules, writeRuleCache } from '../src/engine/load.js';
import { bundledPackDir } from '../src/vocabulary.js';
import { ConfigError } from '../src/errors.js';

/** A copy of the bundled pack (named geo-scada, as the pack name is the folder's) and a cache file beside it. */
function copyOfPack(): { dir: string; cache: string; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'pairaudit-rule-cache-'));
  const dir = join(root, 'geo-scada');
  cpSync(bundledPackDir, dir, { recursive: true });
  return { dir, cache: join(root, 'cache.json'), root };
}

/** Marks every cached rule's title, so that a test sees whether a load used the cache. */
function markCache(cache: string): void {
  const data = JSON.parse(readFileSync(cache, 'utf8')) as { rules: { title: string }[] };
  for (const r of data.rules) r.title = `cached: ${r.title}`;
  writeFileSync(cache, JSON.stringify(data));
}

const usedCache = (pack: Awaited<ReturnType<typeof loadRules>>): boolean => pack.rules.filter((r) => r.pack === 'geo-scada').every((r) => r.title.startsWith('cached: '));

test('the cache of the bundled pack gives what validating its files gives: every rule, field order, file path and the pack hash', async () => {
  const { cache } = copyOfPack();
  await writeRuleCache(bundledPackDir, cache);
  const validated = await loadRules([bundledPackDir], undefined);
  const fromCache = await loadRules([bundledPackDir], cache);
  assert.ok(validated.rules.length > 50);
  assert.equal(JSON.stringify(fromCache), JSON.stringify(validated));
  markCache(cache);
  assert.ok(usedCache(await loadRules([bundledPackDir], cache)), 'the cache was not used');
});

const edits: { name: string; edit: (dir: string) => void }[] = [
  { name: 'a rule file edited (one space more)', edit: (dir) => writeFileSync(join(dir, 'db-port.json'), `${readFileSync(join(dir, 'db-port.json'), 'utf8')} `) },
  { name: 'a rule file removed', edit: (dir) => rmSync(join(dir, 'db-port.json')) },
  {
    name: 'a rule file added',
    edit: (dir) => writeFileSync(join(dir, 'db-port-copy.json'), readFileSync(join(dir, 'db-port.json'), 'utf8').replace('"id": "db-port"', '"id": "db-port-copy"')),
  },
  { name: 'a rule file renamed', edit: (dir) => renameSync(join(dir, 'db-port.json'), join(dir, 'zz-db-port.json')) },
  { name: 'the sources table edited', edit: (dir) => writeFileSync(join(dir, 'sources.json'), readFileSync(join(dir, 'sources.json'), 'utf8').replace(/"title": "/, '"title": "New ')) },
];

for (const { name, edit } of edits) {
  test(`a cache made before ${name} is not used: the folder is validated as it is now`, async () => {
    const { dir, cache } = copyOfPack();
    await writeRuleCache(dir, cache);
    markCache(cache);
    assert.ok(usedCache(await loadRules([dir], cache)), 'the unedited copy did not use the cache');
    edit(dir);
    const now = await loadRules([dir], cache).then(
      (pack) => JSON.stringify(pack),
      (e: unknown) => String(e),
    );
    const validated = await loadRules([dir], undefined).then(
      (pack) => JSON.stringify(pack),
      (e: unknown) => String(e),
    );
    assert.equal(now, validated);
    assert.doesNotMatch(now, /cached: /);
  });
}

test('a broken rule file is reported as without a cache, naming the file and line', async () => {
  const { dir, cache } = copyOfPack();
  await writeRuleCache(dir, cache);
  writeFileSync(join(dir, 'db-port.json'), readFileSync(join(dir, 'db-port.json'), 'utf8').replace('"severity": "', '"severty": "'));
  await assert.rejects(loadRules([dir], cache), (e: unknown) => e instanceof ConfigError && /db-port\.json: line \d+: rule `db-port`: unknown field `severty`; did you mean `severity`\?/.test(e.message));
});

test('a cache file that is missing, empty or not JSON is not used, and nothing fails', async () => {
  const { dir, cache } = copyOfPack();
  const validated = JSON.stringify(await loadRules([dir], undefined));
  for (const text of [undefined, '', '{"key": ', '[]', 'null']) {
    if (text !== undefined) writeFileSync(cache, text);
    assert.equal(JSON.stringify(await loadRules([dir], cache)), validated, JSON.stringify(text));
  }
});

test('with a user pack after the cached bundled one: the user pack cites the bundled sources, and is validated (a mistake in it is reported)', async () => {
  const { dir, cache, root } = copyOfPack();
  await writeRuleCache(dir, cache);
  const user = join(root, 'site');
  mkdirSync(user);
  const rule = { id: 'site-port', title: 'Site port', severity: 'warning', category: 'ports', rationale: 'Because [PORTS].', remediation: 'Fix it.', references: ['PORTS'], select: ['db.port'], compare: { kind: 'must-equal' } };
  writeFileSync(join(user, 'site-port.json'), JSON.stringify(rule));
  const both = await loadRules([dir, user], cache);
  assert.equal(JSON.stringify(both), JSON.stringify(await loadRules([dir, user], undefined)));
  assert.deepEqual(both.packs, ['geo-scada', 'site']);
  assert.equal(both.rules.find((r) => r.id === 'site-port')?.references[0]?.title, (await loadRules([dir], undefined)).rules.flatMap((r) => r.references).find((s) => s.tag === 'PORTS')?.title);
  // The user pack alone has no cache: validated, so its mistake is reported.
  writeFileSync(join(user, 'site-port.json'), JSON.stringify({ ...rule, severity: 'warn' }));
  await assert.rejects(loadRules([dir, user], cache), /site-port\.json: line \d+: rule `site-port`: field `severity`: "warn" is not allowed; did you mean `warning`\?/);
});
