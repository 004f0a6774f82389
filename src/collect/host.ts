// Host identity from a bundle: `hostname` output and `ipconfig /all` output (English, German, French, Spanish,
// Italian, Portuguese and Dutch labels; evidence/ip-json.ts reads the collectors' language-independent JSON instead).
import { InputError } from '../errors.js';
import { splitLines } from './text.js';

/** The host name printed by `hostname`: the first non-blank line. */
export function parseHostname(text: string, file: string): { hostname: string; line: number } {
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const name = lines[i].trim();
    if (name === '') continue;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new InputError(file, i + 1, `expected a host name (the output of \`hostname\`), found ${JSON.stringify(name.slice(0, 60))}`);
    return { hostname: name, line: i + 1 };
  }
  throw new InputError(file, undefined, 'is empty; expected the output of `hostname`');
}

export interface IpconfigInfo {
  hostName?: string;
  hostNameLine?: number;
  primaryDnsSuffix?: string;
  /** The server's other DNS domains (lower case, once each): each adapter's connection-specific suffix, the search list. */
  dnsSuffixes: string[];
  /** IPv4 and IPv6 addresses of every adapter, without "(Preferred)" or a `%zone`. */
  addresses: { address: string; line: number }[];
  /** Output whose labels are in no language read here: the addresses are unknown (a warning, not an error). */
  warnings: { line?: number; message: string }[];
}

type Field = 'host' | 'suffix' | 'otherSuffix' | 'address';

/**
 * The labels read, per field, as `labelKey` writes them (lower case, no accents). Windows prints them in its
 * display language: English, German, French, Spanish, Italian, Portuguese (Brazil) and Dutch here.
 */
const LABEL_LIST: Record<Field, string[]> = {
  host: ['host name', 'hostname', "nom de l'hote", 'nombre de host', 'nome host', 'nome do host', 'hostnaam'],
  suffix: ['primary dns suffix', 'primares dns-suffix', 'suffixe dns principal', 'sufijo dns principal', 'suffisso dns primario', 'sufixo dns primario', 'primair dns-achtervoegsel'],
  // A workgroup server has no primary suffix; an adapter's connection-specific suffix (DHCP or set by hand) is one
  // it registers its name in, and its search list the domains its site names its servers in. Both are taken as its
  // domains: without them, workgroup servers dialling each other by FQDN were unknown (a NO-GO) for good.
  otherSuffix: ['connection-specific dns suffix', 'verbindungsspezifisches dns-suffix', 'suffixe dns propre a la connexion', 'sufijo dns especifico para la conexion', 'suffisso dns specifico per connessione', 'sufixo dns especifico de conexao', 'dns suffix search list', 'dns-suffixsuchliste', 'liste de recherche du suffixe dns', 'lista de busqueda de sufijos dns'],
  address: [
    // English
    'ip address', 'ipv4 address', 'autoconfiguration ipv4 address', 'autoconfiguration ip address', 'ipv6 address', 'temporary ipv6 address', 'link-local ipv6 address',
    // German
    'ip-adresse', 'ipv4-adresse', 'ipv6-adresse', 'temporare ipv6-adresse', 'verbindungslokale ipv6-adresse', 'autokonfiguration ipv4-adresse', 'autokonfigurations-ipv4-adresse', 'ipv4-adresse (auto. konfiguration)',
    // French
    'adresse ip', 'adresse ipv4', 'adresse ipv6', 'adresse ipv6 temporaire', 'adresse ipv6 de liaison locale', "adresse ipv4 d'autoconfiguration", "adresse d'autoconfiguration ipv4",
    // Spanish
    'direccion ip', 'direccion ipv4', 'direccion ipv6', 'direccion ipv6 temporal', 'vinculo: direccion ipv6 local', 'direccion ipv4 de configuracion automatica',
    // Italian
    'indirizzo ip', 'indirizzo ipv4', 'indirizzo ipv6', 'indirizzo ipv6 temporaneo', 'indirizzo ipv6 locale rispetto al collegamento', 'indirizzo ipv4 di configurazione automatica',
    // Portuguese (Brazil)
    'endereco ip', 'endereco ipv4', 'endereco ipv6', 'endereco ipv6 temporario', 'endereco ipv6 de link local', 'endereco ipv4 de configuracao automatica',
    // Dutch
    'ip-adres', 'ipv4-adres', 'ipv6-adres', 'tijdelijk ipv6-adres', 'link-local ipv6-adres', 'automatisch geconfigureerd ipv4-adres',
  ],
};

const LABELS = new Map<string, Field>(Object.entries(LABEL_LIST).flatMap(([field, labels]) => labels.map((l) => [l, field as Field] as const)));

/** `Nom de l’hôte . . . ` → `nom de l'hote`: lower case, accents and the dot leaders dropped, one space. */
function labelKey(label: string): string {
  return label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2019\u00b4`]/g, "'")
    .replace(/[ .]+$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Splits `   Label . . . . : value`: the colon after the dot leaders (` :`, or `.:` in French output); a label
 * printed without leaders (`Verbindungsspezifisches DNS-Suffix:`, `IPv4-Adresse (Auto. Konfiguration): …`)
 * ends at its first colon followed by a space. A label may hold a colon itself (Spanish `Vínculo: dirección
 * IPv6 local. . . :`). Undefined for a line holding a value only (an IPv6 address continues the previous label).
 */
function splitLabel(raw: string): { label: string; value: string } | undefined {
  const m = /^\s+(\S.*?)[ .]:(?: |$)(.*)$/.exec(raw) ?? /^\s+([^:\s][^:]*?)\s*:(?: |$)(.*)$/.exec(raw);
  if (m === null || !/\p{L}/u.test(m[1])) return undefined;
  return { label: m[1], value: m[2].trim() };
}

/** `fe80::1%12(Preferred)` → `fe80::1`; `10.0.0.1 (préféré)` → `10.0.0.1`. */
function cleanAddress(value: string): string {
  return value.replace(/\s*\([^)]*\)\s*$/, '').replace(/%[^%\s]*$/, '').trim();
}

/**
 * The states ipconfig /all prints after an address (duplicate address detection), as `labelKey` writes them. Windows
 * prints them in its display language. Used: Preferred (English; `Bevorzugt`, `préféré`, `Preferido`,
 * `Preferenziale`, `Preferencial` as German, French, Spanish, Italian and Portuguese (Brazil) Windows print it) and
 * Deprecated (English: received on, no new connections from). Unused: `Duplicate` (another machine on the network
 * holds it), `Tentative` (not checked yet), `Invalid`; a partner dialling such an address reaches the other machine,
 * or nothing. The other languages' words for Deprecated and for the unused states are not known here: a state word
 * in neither list makes the address unknown rather than the server's (a duplicate address on German Windows was
 * counted, and a partner dialling it passed). ip-addresses.json (collector 2.3) names each state in every language.
 */
const ADDRESS_STATES = new Map<string, 'used' | 'unused'>([
  ...['preferred', 'deprecated', 'bevorzugt', 'prefere', 'preferido', 'preferenziale', 'preferencial'].map((w) => [w, 'used'] as const),
  ...['duplicate', 'tentative', 'invalid'].map((w) => [w, 'unused'] as const),
]);

/** The state after an address (`10.0.0.1(Duplicate)` → `Duplicate`), as printed; undefined when none is. */
function addressState(value: string): string | undefined {
  return /\(([^)]*)\)\s*$/.exec(value)?.[1]?.trim();
}

/** Whether an address with this state is the server's: warns of it when it is not, or when the state is not known. */
function stateCounts(address: string, state: string | undefined, line: number, warnings: IpconfigInfo['warnings']): boolean {
  if (state === undefined) return true;
  const kind = ADDRESS_STATES.get(labelKey(state));
  if (kind === 'used') return true;
  warnings.push({
    line,
    message:
      kind === 'unused'
        ? `ipconfig marks ${address} ${state.toLowerCase()}: Windows does not use it on this server (another machine holds it, or it is not checked yet), so it is not counted as this server's address and a partner dialling it does not reach this server; resolve the address conflict and collect again`
        : `ipconfig gives ${address} the state ${JSON.stringify(state.slice(0, 40))}, a word pairaudit does not know (Windows prints the state in its display language; Duplicate or Tentative may be meant): the address is not counted as this server's, so a partner dialling it is taken not to reach this server; the collectors from version 2.3 also write ip-addresses.json, which gives each address's state in any language`,
  });
  return false;
}

/**
 * Reads `ipconfig /all` output: host name, primary DNS suffix, and every adapter's addresses. Lines are
 * `   Label . . . . : value`; a line holding only a value continues the previous label. Output none of whose
 * labels is known here gives a warning: the server's addresses are then unknown, not absent. `addressesFrom`:
 * the file the addresses are read from instead (ip-addresses.json), so that none is read or warned of here.
 */
export function parseIpconfig(text: string, file: string, opts: { addressesFrom?: string } = {}): IpconfigInfo {
  const info: IpconfigInfo = { dnsSuffixes: [], addresses: [], warnings: [] };
  let current: Field | undefined;
  let first: { label: string; line: number } | undefined;
  let known = false;
  splitLines(text.replace(/^\uFEFF/, '')).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    if (!/^\s/.test(raw)) {
      current = undefined; // an adapter header such as "Ethernet adapter Ethernet0:"
      return;
    }
    const split = splitLabel(raw);
    let value: string;
    if (split !== undefined) {
      first ??= { label: split.label.replace(/[ .]+$/, ''), line };
      current = LABELS.get(labelKey(split.label));
      if (current !== undefined) known = true;
      value = split.value;
    } else {
      value = raw.trim(); // continuation of the previous label
    }
    if (value === '' || current === undefined) return;
    if (current === 'host') {
      info.hostName ??= value;
      info.hostNameLine ??= line;
    } else if (current === 'suffix') {
      info.primaryDnsSuffix ??= value;
    } else if (current === 'otherSuffix') {
      const suffix = value.toLowerCase();
      if (!info.dnsSuffixes.includes(suffix)) info.dnsSuffixes.push(suffix);
    } else if (opts.addressesFrom === undefined) {
      const address = cleanAddress(value);
      if (address !== '' && stateCounts(address, addressState(value), line, info.warnings)) info.addresses.push({ address, line });
    }
  });
  if (first === undefined) throw new InputError(file, undefined, 'no `Label . . . : value` lines; expected the output of `ipconfig /all`');
  if (!known) {
    const label = `labels in a language pairaudit does not read (first label ${JSON.stringify(first.label.slice(0, 40))})`;
    info.warnings.push({
      line: first.line,
      message:
        opts.addressesFrom === undefined
          ? `${label}: this server's addresses are unknown, so the partner-address checks that need them are unknown; the collectors from version 2.3 also write ip-addresses.json and host-names.json, which are read in any language`
          : `${label}: this server's DNS suffixes are unknown (its addresses are read from ${opts.addressesFrom}), so a partner dialling it by a full name is unknown; the collectors from version 2.3 also write host-names.json, which is read in any language`,
    });
  }
  return info;
}
