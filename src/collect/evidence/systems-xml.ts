// Systems.xml: the client connections the Client Configuration applet saves
// (%ProgramData%\Schneider Electric\ClearSCADA\Systems.xml), in the vendor's documented format
// ("Systems.xml File Attributes", Client Administration Guide): <Systems>, <Default system="…"/>,
// <System name type enabled …> with one <Server name cost port compress connectTimeout requestTimeout …/> per
// server of the logical system. Read with fast-xml-parser: no entity is expanded, a DOCTYPE is refused, and
// the size is bounded.
import { createRequire } from 'node:module';
import type * as FastXml from 'fast-xml-parser';
import { InputError } from '../../errors.js';

export interface ClientServer {
  /** The server's name or address, as written. */
  name: string;
  /** `port`; absent means the default database port. */
  port?: number;
  /** `compress` as written (`true`/`false`), absent when not written. */
  compress?: string;
  /** `cost`, `connectTimeout` and `requestTimeout` as written (trimmed), absent when not written. */
  cost?: string;
  connectTimeout?: string;
  requestTimeout?: string;
}

export interface ClientSystem {
  name: string;
  type: string;
  enabled: boolean;
  servers: ClientServer[];
  /** 1-based line of the `<System` start tag. */
  line: number;
}

export interface ClientSystems {
  defaultSystem?: string;
  defaultLine?: number;
  systems: ClientSystem[];
}

/** Far more than any real file (a few KiB); a larger one is refused rather than parsed. */
export const MAX_SYSTEMS_XML_CHARS = 4 * 1024 * 1024;

const HINT = 'expected Systems.xml as the Client Configuration applet writes it (<Systems><System name="…"><Server name="…" port="…"/></System></Systems>)';

const require = createRequire(import.meta.url);
let xmlModule: typeof FastXml | undefined;
let parser: FastXml.XMLParser | undefined;

/** fast-xml-parser, loaded on first use: only a bundle holding Systems.xml needs it (loading it took ~75 ms of every audit). */
function fastXml(): typeof FastXml {
  xmlModule ??= require('fast-xml-parser') as typeof FastXml;
  return xmlModule;
}

const PARSER_OPTIONS: FastXml.X2jOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Values stay text: names such as "0123" or "true" are not turned into numbers or booleans.
  parseAttributeValue: false,
  parseTagValue: false,
  // No declared entity is ever expanded: a DOCTYPE, the only place entities are declared, is refused before
  // parsing, and the parser is told to accept none either. Only the fixed references are decoded: XML's five
  // (&amp; &lt; …) and numeric ones (&#45;), which fast-xml-parser decodes with its fixed HTML table.
  processEntities: { enabled: true, maxEntityCount: 0, maxEntitySize: 0 },
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => name === 'System' || name === 'Server' || name === 'Default',
};

type Element = Record<string, unknown>;

function attr(e: Element, name: string): string | undefined {
  const v = e[name];
  return typeof v === 'string' ? v : undefined;
}

function elements(v: unknown): Element[] {
  return Array.isArray(v) ? v.filter((x): x is Element => typeof x === 'object' && x !== null) : [];
}

/** 1-based line of the `n`-th (0-based) match of `re` in `text`, or 1. */
function lineOfMatch(text: string, re: RegExp, n: number): number {
  const g = new RegExp(re.source, 'g');
  let m: RegExpExecArray | null;
  let i = 0;
  while ((m = g.exec(text)) !== null) {
    if (i++ === n) return text.slice(0, m.index).split('\n').length;
  }
  return 1;
}

/** Reads Systems.xml (decoded text). Malformed XML, a DOCTYPE or a file too large is an InputError naming the file and line. */
export function parseSystemsXml(text: string, file: string): ClientSystems {
  const xml = text.replace(/^\uFEFF/, '');
  if (xml.length > MAX_SYSTEMS_XML_CHARS) throw new InputError(file, undefined, `is ${xml.length} characters, more than the ${MAX_SYSTEMS_XML_CHARS} a Systems.xml may have; ${HINT}`);
  const doctype = /<!DOCTYPE/i.exec(xml);
  if (doctype !== null) throw new InputError(file, xml.slice(0, doctype.index).split('\n').length, `has a DOCTYPE, which Systems.xml never has (entities are not read); ${HINT}`);
  const valid = fastXml().XMLValidator.validate(xml);
  if (valid !== true) throw new InputError(file, valid.err.line, `not well-formed XML (${valid.err.msg}); ${HINT}`);
  parser ??= new (fastXml().XMLParser)(PARSER_OPTIONS);
  const doc = parser.parse(xml) as Element;
  const root = doc.Systems;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    if (root === '') return { systems: [] }; // <Systems/>: no client connections
    throw new InputError(file, 1, `no <Systems> root element; ${HINT}`);
  }
  const r = root as Element;
  const out: ClientSystems = { systems: [] };
  const def = elements(r.Default)[0];
  const defaultSystem = def === undefined ? undefined : attr(def, 'system');
  if (defaultSystem !== undefined) {
    out.defaultSystem = defaultSystem;
    out.defaultLine = lineOfMatch(xml, /<Default\b/, 0);
  }
  elements(r.System).forEach((s, i) => {
    const line = lineOfMatch(xml, /<System\b/, i);
    const name = attr(s, 'name');
    if (name === undefined || name.trim() === '') throw new InputError(file, line, `a <System> has no name attribute; ${HINT}`);
    const servers = elements(s.Server).map((v): ClientServer => {
      const serverName = attr(v, 'name');
      if (serverName === undefined || serverName.trim() === '') throw new InputError(file, line, `system ${JSON.stringify(name)} has a <Server> with no name attribute; ${HINT}`);
      const server: ClientServer = { name: serverName.trim() };
      const port = attr(v, 'port');
      if (port !== undefined && port.trim() !== '') {
        if (!/^\d{1,5}$/.test(port.trim()) || Number(port) > 65535) throw new InputError(file, line, `system ${JSON.stringify(name)}: server ${JSON.stringify(serverName)} has port ${JSON.stringify(port)}, not a TCP port number; ${HINT}`);
        server.port = Number(port);
      }
      const compress = attr(v, 'compress');
      if (compress !== undefined) server.compress = compress.trim();
      for (const a of ['cost', 'connectTimeout', 'requestTimeout'] as const) {
        const value = attr(v, a)?.trim();
        if (value !== undefined && value !== '') server[a] = value;
      }
      return server;
    });
    out.systems.push({ name: name.trim(), type: attr(s, 'type') ?? '', enabled: (attr(s, 'enabled') ?? 'true').trim().toLowerCase() !== 'false', servers, line });
  });
  return out;
}
