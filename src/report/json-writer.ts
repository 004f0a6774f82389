// Stable, indented JSON written in one walk: every object's keys in sorted order, two-space indent, no copy of the value.
import { setOwn } from '../snapshot/table.js';

/** What JSON.stringify must escape in a string, as a character class's body: a quote, a backslash, a control character, a surrogate (a lone one is escaped). */
const ESCAPED = String.raw`"\\\u0000-\u001f\ud800-\udfff`;

/** Key lists kept per length: the kinds of object of one length a report holds (values, sources, data, …). */
const ORDERS_PER_LENGTH = 8;

/** A step applied to each string's JSON text, such as the output guard's replacements. */
export interface StringFinish {
  /** Changes a string's JSON text (quotes included) only inside its quotes. */
  text: (json: string) => string;
  /** The characters `text` changes, as a character class's body: a string holding none of them is left as it is. */
  chars: string;
}

/** An object's keys in the order they are written; per depth, what opens each key's line (`{` or `,`, the indent, `"key": `). */
interface KeyOrder {
  keys: readonly string[];
  byDepth: { first: string[]; next: string[] }[];
  /**
   * Per key, the last string value written under it and its JSON text: the findings of one rule follow each other
   * and share their rule's texts (its rationale, remediation, category), the same string each time, so each is
   * escaped and tested once per run of findings instead of once per finding.
   */
  lastString: (string | undefined)[];
  lastToken: string[];
}

/** Whether `keys` are in strictly ascending code-unit order (the order Array#sort gives). */
function ascending(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) return false;
  return true;
}

/**
 * Keys sorted by code unit, in the order an object inserted in that order lists them: integer-like keys
 * ("9", "10") first in numeric order, as JSON.stringify of such an object writes them.
 */
function sortedOrder(own: readonly string[]): readonly string[] {
  if (ascending(own)) return own;
  const sorted = [...own].sort();
  if (!sorted.some((k) => k.charCodeAt(0) >= 48 && k.charCodeAt(0) <= 57)) return sorted;
  const o: Record<string, true> = {};
  for (const k of sorted) setOwn(o, k, true);
  return Object.keys(o);
}

/** A value's toJSON applied (once, as a stable stringify does), for objects and BigInts that have one. */
function resolved(node: unknown): unknown {
  if ((typeof node === 'object' && node !== null) || typeof node === 'bigint') {
    const toJSON = (node as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return (toJSON as () => unknown).call(node);
  }
  return node;
}

/** What JSON leaves out of an object (and writes as null in an array). */
const isSkipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * Writes values as fast-json-stable-stringify, parsed back and indented by JSON.stringify(…, null, 2), would
 * (keys in code-unit order at every level, integer-like keys first as an object lists them; toJSON applied;
 * undefined, functions and symbols left out of objects and null in arrays; non-finite numbers null; objects of
 * other prototypes written from their own enumerable keys), in one walk that copies no value: the text goes into
 * a list of parts, joined once per piece. A value written at `depth` has its inner lines moved in by two spaces
 * per level, as inside a document written whole.
 *
 * Each string's JSON text (a key's or a value's) passes `finish`: most strings need neither escapes nor the finish,
 * and one test of one character class finds them.
 */
export class SortedJsonWriter {
  private parts: string[] = [];
  /** The key lists met, by length, each with its order: a report's objects of one kind list their keys alike. */
  private readonly orders: { own: readonly string[]; order: KeyOrder }[][] = [];
  private readonly pads: string[] = [];
  private readonly commas: string[] = [];
  private readonly closes: { object: string; array: string }[] = [];
  /** A string holding none of these is written as it is, between quotes. */
  private readonly special: RegExp;
  /** A string's JSON text goes through finish only when the string holds one of these. */
  private readonly finishes: RegExp | undefined;

  constructor(private readonly finish: StringFinish = { text: (json) => json, chars: '' }) {
    this.special = new RegExp(`[${ESCAPED}${finish.chars}]`);
    this.finishes = finish.chars === '' ? undefined : new RegExp(`[${finish.chars}]`);
  }

  /** The JSON text of `node` at `depth`, or undefined where JSON.stringify writes nothing (undefined, a function, a symbol). */
  text(node: unknown, depth: number): string | undefined {
    const before = this.parts;
    this.parts = [];
    try {
      return this.write(node, depth) ? this.parts.join('') : undefined;
    } finally {
      this.parts = before;
    }
  }

  /** Appends the JSON text of `node` at `depth`; false, with nothing appended, where JSON writes nothing. */
  write(node: unknown, depth: number): boolean {
    const v = resolved(node);
    if (isSkipped(v)) return false;
    this.value(v, depth);
    return true;
  }

  /**
   * Appends an object's JSON text at `depth` as write does, with `replace(key, value)` written for each of its own
   * values instead (for the values of its properties only, not deeper).
   */
  writeObject(node: object, depth: number, replace: (key: string, value: unknown) => unknown): void {
    this.object(node, depth, replace);
  }

  /** Appends text as it is (the caller's own JSON punctuation). */
  raw(text: string): void {
    this.parts.push(text);
  }

  /** The text appended since the last take, as one string. */
  take(): string {
    const text = this.parts.join('');
    this.parts = [];
    return text;
  }

  /** How many parts wait to be taken. */
  get pending(): number {
    return this.parts.length;
  }

  /** An object's keys in the order they are written. */
  keysOf(node: object): readonly string[] {
    return this.order(Object.keys(node)).keys;
  }

  /** `"key": ` for a key (escaped and finished as a string is). */
  head(key: string): string {
    return `${this.token(key)}: `;
  }

  /** A line break and the indent of `depth`. */
  pad(depth: number): string {
    return (this.pads[depth] ??= `\n${'  '.repeat(depth)}`);
  }

  /** A value already through toJSON and not skipped. */
  private value(v: unknown, depth: number): void {
    switch (typeof v) {
      case 'string':
        this.parts.push(this.token(v));
        return;
      case 'number':
        this.parts.push(Number.isFinite(v) ? String(v) : 'null');
        return;
      case 'boolean':
        this.parts.push(v ? 'true' : 'false');
        return;
      case 'bigint':
        this.parts.push(JSON.stringify(v));
        return;
      default:
        if (v === null) this.parts.push('null');
        else if (Array.isArray(v)) this.array(v as unknown[], depth);
        else this.object(v as object, depth);
    }
  }

  private array(items: unknown[], depth: number): void {
    if (items.length === 0) {
      this.parts.push('[]');
      return;
    }
    const comma = (this.commas[depth + 1] ??= `,${this.pad(depth + 1)}`);
    for (let i = 0; i < items.length; i++) {
      this.parts.push(i === 0 ? `[${this.pad(depth + 1)}` : comma);
      const v = resolved(items[i]);
      if (isSkipped(v)) this.parts.push('null');
      else this.value(v, depth + 1);
    }
    this.parts.push(this.close(depth).array);
  }

  private object(node: object, depth: number, replace?: (key: string, value: unknown) => unknown): void {
    const order = this.order(Object.keys(node));
    const { keys } = order;
    const { first, next } = (order.byDepth[depth] ??= this.heads(keys, depth));
    const obj = node as Record<string, unknown>;
    let empty = true;
    for (let i = 0; i < keys.length; i++) {
      const raw = obj[keys[i]!];
      const v = resolved(replace === undefined ? raw : replace(keys[i]!, raw));
      if (isSkipped(v)) continue;
      this.parts.push(empty ? first[i]! : next[i]!);
      empty = false;
      if (typeof v !== 'string') this.value(v, depth + 1);
      else if (order.lastString[i] === v) this.parts.push(order.lastToken[i]!);
      else this.parts.push((order.lastToken[i] = this.token((order.lastString[i] = v))));
    }
    this.parts.push(empty ? '{}' : this.close(depth).object);
  }

  private heads(keys: readonly string[], depth: number): { first: string[]; next: string[] } {
    const inner = this.pad(depth + 1);
    const heads = keys.map((k) => this.head(k));
    return { first: heads.map((h) => `{${inner}${h}`), next: heads.map((h) => `,${inner}${h}`) };
  }

  private close(depth: number): { object: string; array: string } {
    return (this.closes[depth] ??= { object: `${this.pad(depth)}}`, array: `${this.pad(depth)}]` });
  }

  private order(own: string[]): KeyOrder {
    const n = own.length;
    const seen = (this.orders[n] ??= []);
    for (const known of seen) {
      let i = 0;
      while (i < n && known.own[i] === own[i]) i++;
      if (i === n) return known.order;
    }
    const keys = sortedOrder(own);
    const order: KeyOrder = { keys, byDepth: [], lastString: new Array<string | undefined>(keys.length), lastToken: new Array<string>(keys.length) };
    if (seen.length === ORDERS_PER_LENGTH) seen.pop();
    seen.unshift({ own, order });
    return order;
  }

  private token(s: string): string {
    if (!this.special.test(s)) return `"${s}"`;
    const json = JSON.stringify(s);
    return this.finishes?.test(s) === true ? this.finish.text(json) : json;
  }
}
