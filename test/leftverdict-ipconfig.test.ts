// The state ipconfig /all prints after an address, in Windows's display language, in a bundle without
// ip-addresses.json (collector 2.2 or older). Only English Duplicate, Tentative and Invalid were taken as not the
// server's; on German, French, Spanish, Italian or Portuguese Windows a duplicate address (another machine holds it)
// was counted as the server's, and a partner dialling it passed (GO). A state word pairaudit does not know now makes
// the address not counted, with a warning naming the address and the word; the known words for Preferred still count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditResult } from '../src/types.js';
import { parseIpconfig } from '../src/collect/host.js';
import { decodeOem } from '../src/collect/oem.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Both bundles of `healthy` were collected at 08:15 and 08:17 UTC on 20 November 2026. */
const NOW = '2026-11-20T08:20:00Z';

/** The address lines of one language as Windows prints them: its IPv4 and link-local IPv6 labels with their leaders. */
interface Language {
  name: string;
  title: string;
  host: string;
  suffix: string;
  adapter: string;
  ipv4: string;
  linkLocal: string;
  mask: string;
}

const LANGUAGES: Record<'de' | 'fr' | 'es' | 'it' | 'pt' | 'en', Language> = {
  en: { name: 'English', title: 'Windows IP Configuration', host: 'Host Name . . . . . . . . . . . . ', suffix: 'Primary Dns Suffix  . . . . . . . ', adapter: 'Ethernet adapter Plant LAN:', ipv4: 'IPv4 Address. . . . . . . . . . . ', linkLocal: 'Link-local IPv6 Address . . . . . ', mask: 'Subnet Mask . . . . . . . . . . . ' },
  de: { name: 'German', title: 'Windows-IP-Konfiguration', host: 'Hostname  . . . . . . . . . . . . ', suffix: 'Primäres DNS-Suffix . . . . . . . ', adapter: 'Ethernet-Adapter Anlagen-LAN:', ipv4: 'IPv4-Adresse  . . . . . . . . . . ', linkLocal: 'Verbindungslokale IPv6-Adresse  . ', mask: 'Subnetzmaske  . . . . . . . . . . ' },
  fr: { name: 'French', title: 'Configuration IP de Windows', host: "Nom de l'hôte . . . . . . . . . . ", suffix: 'Suffixe DNS principal . . . . . . ', adapter: 'Carte Ethernet LAN usine :', ipv4: 'Adresse IPv4. . . . . . . . . . . . . .', linkLocal: 'Adresse IPv6 de liaison locale. . . . .', mask: 'Masque de sous-réseau. . . . . . . . . ' },
  es: { name: 'Spanish', title: 'Configuración IP de Windows', host: 'Nombre de host. . . . . . . . . ', suffix: 'Sufijo DNS principal  . . . . . ', adapter: 'Adaptador de Ethernet LAN planta:', ipv4: 'Dirección IPv4. . . . . . . . . . . . . . ', linkLocal: 'Vínculo: dirección IPv6 local. . . ', mask: 'Máscara de subred . . . . . . . . . . . . ' },
  it: { name: 'Italian', title: 'Configurazione IP di Windows', host: 'Nome host . . . . . . . . . . . . . . ', suffix: 'Suffisso DNS primario . . . . . . . . ', adapter: 'Scheda Ethernet LAN impianto:', ipv4: 'Indirizzo IPv4. . . . . . . . . . . . ', linkLocal: 'Indirizzo IPv6 locale rispetto al collegamento . ', mask: 'Subnet mask . . . . . . . . . . . . . ' },
  pt: { name: 'Portuguese (Brazil)', title: 'Configuração de IP do Windows', host: 'Nome do host. . . . . . . . . . . . . ', suffix: 'Sufixo DNS primário . . . . . . . . . ', adapter: 'Adaptador Ethernet LAN da planta:', ipv4: 'Endereço IPv4. . . . . . . .  . . . . . . . ', linkLocal: 'Endereço IPv6 de link local . . . . . . . . ', mask: 'Máscara de Sub-rede . . . . . . . . . . . . ' },
};

/**
 * ipconfig /all of the healthy pair's Main (SCADA-N1, ops.example.net) in `l`'s language, CRLF as Windows writes it:
 * the plant address 10.20.1.11 with the state `plant`, the sync address 10.20.2.11 and the link-local one preferred.
 */
function ipconfigOfMain(l: Language, plant: string, preferred: string): string {
  return [
    '',
    l.title,
    '',
    `   ${l.host}: SCADA-N1`,
    `   ${l.suffix}: ops.example.net`,
    '',
    l.adapter,
    '',
    `   ${l.linkLocal}: fe80::250:56ff:fea1:2b0b%12(${preferred}) `,
    `   ${l.ipv4}: 10.20.1.11(${plant}) `,
    `   ${l.mask}: 255.255.255.0`,
    '',
    `${l.adapter.replace(/:$/, '').replace(/ $/, '')} 2${l.adapter.endsWith(' :') ? ' :' : ':'}`,
    '',
    `   ${l.ipv4}: 10.20.2.11(${preferred}) `,
    `   ${l.mask}: 255.255.255.0`,
    '',
  ].join('\r\n');
}

/** An address line, whether the address counts, and (when it does not) what the warning says of it. */
const STATE_CASES: { name: string; line: string; counted: boolean; warning?: RegExp }[] = [
  { name: 'German Bevorzugt (Preferred)', line: `   ${LANGUAGES.de.ipv4}: 10.20.1.11(Bevorzugt) `, counted: true },
  { name: 'French préféré, decomposed accents', line: `   ${LANGUAGES.fr.ipv4}: 10.20.1.11(pre\u0301fe\u0301re\u0301) `, counted: true },
  { name: 'Spanish Preferido', line: `   ${LANGUAGES.es.ipv4}: 10.20.1.11(Preferido) `, counted: true },
  { name: 'Italian Preferenziale', line: `   ${LANGUAGES.it.ipv4}: 10.20.1.11(Preferenziale) `, counted: true },
  { name: 'Portuguese Preferencial', line: `   ${LANGUAGES.pt.ipv4}: 10.20.1.11(Preferencial) `, counted: true },
  { name: 'English Deprecated', line: '   Temporary IPv6 Address. . . . . . : 2001:db8::11(Deprecated) ', counted: true },
  { name: 'no state (Windows Server 2003, or ipconfig without /all)', line: `   ${LANGUAGES.de.ipv4}: 10.20.1.11`, counted: true },
  { name: 'English Duplicate', line: `   ${LANGUAGES.en.ipv4}: 10.20.1.11(Duplicate) `, counted: false, warning: /^ipconfig marks 10\.20\.1\.11 duplicate: Windows does not use it/ },
  { name: 'German Doppelt (was counted)', line: `   ${LANGUAGES.de.ipv4}: 10.20.1.11(Doppelt) `, counted: false, warning: /^ipconfig gives 10\.20\.1\.11 the state "Doppelt", a word pairaudit does not know .*: the address is not counted as this server's/ },
  { name: 'German Vorläufig on a link-local address (was counted)', line: `   ${LANGUAGES.de.linkLocal}: fe80::1%12(Vorläufig) `, counted: false, warning: /^ipconfig gives fe80::1 the state "Vorläufig"/ },
  { name: 'French Dupliqué (was counted)', line: `   ${LANGUAGES.fr.ipv4}: 10.20.1.11(Dupliqué) `, counted: false, warning: /^ipconfig gives 10\.20\.1\.11 the state "Dupliqué"/ },
  { name: 'Spanish Duplicado (was counted)', line: `   ${LANGUAGES.es.ipv4}: 10.20.1.11(Duplicado) `, counted: false, warning: /^ipconfig gives 10\.20\.1\.11 the state "Duplicado"/ },
  { name: 'Italian Duplicato (was counted)', line: `   ${LANGUAGES.it.ipv4}: 10.20.1.11(Duplicato) `, counted: false, warning: /the state "Duplicato"/ },
  { name: 'Portuguese Duplicado (was counted)', line: `   ${LANGUAGES.pt.ipv4}: 10.20.1.11(Duplicado) `, counted: false, warning: /the state "Duplicado"/ },
  { name: 'a long unknown word is cut in the warning (was counted)', line: `   ${LANGUAGES.en.ipv4}: 10.20.1.11(${'x'.repeat(80)}) `, counted: false, warning: new RegExp(`the state "${'x'.repeat(40)}", a word`) },
];

for (const c of STATE_CASES) {
  test(`ipconfig address state: ${c.name} ${c.counted ? 'counts' : 'does not count'}`, () => {
    const info = parseIpconfig(`Windows IP Configuration\r\n\r\n   Host Name . . . . . . . . . . . . : SCADA-N1\r\n${c.line}\r\n`, 'ipconfig.txt');
    assert.equal(info.addresses.length, c.counted ? 1 : 0, JSON.stringify(info.addresses));
    assert.equal(info.warnings.length, c.counted ? 0 : 1, JSON.stringify(info.warnings));
    if (c.warning !== undefined) {
      assert.match(info.warnings[0].message, c.warning);
      assert.equal(info.warnings[0].line, 4);
    }
  });
}

/** Encodes text in a single-byte code page by inverting decodeOem, as cmd's `>` wrote it on the server. */
function encodeOem(text: string, cp: number): Buffer {
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decodeOem(Uint8Array.of(b), cp) as string, b);
  return Buffer.from([...text].map((ch) => table.get(ch) ?? assert.fail(`${ch} is not in code page ${cp}`)));
}

/** How the bundle's ipconfig.txt was written: by Collect-PairAudit.ps1 (UTF-16LE with a BOM) or by the cmd collector's `>` (OEM). */
type Writer = 'ps1' | 'cmd850';

const CHECK_CASES: { lang: keyof typeof LANGUAGES; writer: Writer; plant: string; preferred: string; go: boolean; blockers: string[]; warned?: string }[] = [
  { lang: 'de', writer: 'ps1', plant: 'Bevorzugt', preferred: 'Bevorzugt', go: true, blockers: [] },
  { lang: 'de', writer: 'ps1', plant: 'Doppelt', preferred: 'Bevorzugt', go: false, blockers: ['partners-address-mirror fail pointsElsewhere'], warned: 'Doppelt' },
  { lang: 'fr', writer: 'cmd850', plant: 'préféré', preferred: 'préféré', go: true, blockers: [] },
  { lang: 'fr', writer: 'cmd850', plant: 'Dupliqué', preferred: 'préféré', go: false, blockers: ['partners-address-mirror fail pointsElsewhere'], warned: 'Dupliqué' },
  { lang: 'es', writer: 'cmd850', plant: 'Duplicado', preferred: 'Preferido', go: false, blockers: ['partners-address-mirror fail pointsElsewhere'], warned: 'Duplicado' },
  { lang: 'it', writer: 'ps1', plant: 'Duplicato', preferred: 'Preferenziale', go: false, blockers: ['partners-address-mirror fail pointsElsewhere'], warned: 'Duplicato' },
  { lang: 'pt', writer: 'cmd850', plant: 'Preferencial', preferred: 'Preferencial', go: true, blockers: [] },
];

for (const c of CHECK_CASES) {
  const l = LANGUAGES[c.lang];
  test(`check: the Main's ipconfig in ${l.name} (${c.writer === 'ps1' ? 'UTF-16 from Collect-PairAudit.ps1' : 'CP850 from the cmd collector'}), its plant address (${c.plant}), dialled by the Standby: ${c.go ? 'GO' : 'NO-GO (was GO)'}`, async (t) => {
    const { dir, cleanup } = tempDir('pairaudit-leftverdict-');
    t.after(cleanup);
    cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy'), dir, { recursive: true });
    const text = ipconfigOfMain(l, c.plant, c.preferred);
    if (c.writer === 'ps1') {
      writeFileSync(join(dir, 'main', 'ipconfig.txt'), '\uFEFF' + text, 'utf16le');
    } else {
      writeFileSync(join(dir, 'main', 'ipconfig.txt'), encodeOem(text, 850));
      const manifest = JSON.parse(readFileSync(join(dir, 'main', 'bundle.json'), 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
      writeFileSync(join(dir, 'main', 'bundle.json'), JSON.stringify({ ...manifest, collector: { name: 'collect-pairaudit.cmd', version: '1.0' }, oemCodePage: '850' }));
    }
    const r = await runCli(['check', join(dir, 'main'), join(dir, 'standby-a'), '-f', 'json'], { cwd: dir, now: NOW });
    assert.notEqual(r.stdout, '', r.stderr);
    const result = JSON.parse(r.stdout) as AuditResult;
    const blockers = result.findings.filter((f) => f.severity === 'blocker' && f.status !== 'pass' && f.status !== 'waived');
    assert.deepEqual(blockers.map((f) => `${f.ruleId} ${f.status} ${f.messageId}`), c.blockers);
    assert.equal(result.go, c.go);
    assert.equal(r.code, c.go ? 0 : 1);
    const main = result.servers.find((s) => s.role === 'main');
    const said = (main?.warnings ?? []).filter((w) => w.file === 'ipconfig.txt').map((w) => w.message);
    if (c.warned === undefined) assert.deepEqual(said, []);
    else assert.deepEqual(said.map((m) => m.startsWith(`ipconfig gives 10.20.1.11 the state "${c.warned}", a word pairaudit does not know`)), [true]);
  });
}
