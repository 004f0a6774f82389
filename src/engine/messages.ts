// Message templates (ESLint style: message id + data; each comparator declares its own, comparators/index.ts
// gathers them), rendered.

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** A template split once: literal texts with a placeholder (its key, and its text as written) between each two. */
interface CompiledTemplate {
  texts: string[];
  keys: string[];
  wholes: string[];
}

/** Templates split so far (a pack has a few hundred; an audit renders thousands of findings from them). */
const compiled = new Map<string, CompiledTemplate>();

function compile(template: string): CompiledTemplate {
  const out: CompiledTemplate = { texts: [], keys: [], wholes: [] };
  let from = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    out.texts.push(template.slice(from, m.index));
    out.keys.push(m[1]);
    out.wholes.push(m[0]);
    from = m.index + m[0].length;
  }
  out.texts.push(template.slice(from));
  return out;
}

/** Fills `{{name}}` placeholders; an unknown placeholder stays visible so that a typo shows in tests. */
export function renderMessage(template: string, data: Record<string, string | number>): string {
  let t = compiled.get(template);
  if (t === undefined) {
    t = compile(template);
    // Bounded for library callers that render many templates of their own.
    if (compiled.size >= 1024) compiled.clear();
    compiled.set(template, t);
  }
  let out = t.texts[0];
  for (let i = 0; i < t.keys.length; i++) {
    const key = t.keys[i];
    out += (Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : t.wholes[i]) + t.texts[i + 1];
  }
  return out;
}
