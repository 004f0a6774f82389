// The registry of comparison kinds: one comparator per kind, each in its own file. A new kind is one file, one
// line here and its name in `CompareKind` (../types.ts: the compiler holds the two alike); the rule schema's kinds
// and options, and the message ids, follow from the registry.
import { catchAll } from './catch-all.js';
import { linksInGroup } from './links-in-group.js';
import { mustDiffer } from './must-differ.js';
import { mustEqual } from './must-equal.js';
import { mustMirror } from './must-mirror.js';
import { notLessThan } from './not-less-than.js';
import { policy } from './policy.js';
import { subset } from './subset.js';
import { superset } from './superset.js';
import type { CompareKind } from '../types.js';
import type { Comparator } from './types.js';
import { versionNotOlder } from './version-not-older.js';
import { withinTolerance } from './within-tolerance.js';

/** In the order the rule schema lists the kinds. */
export const COMPARATORS = {
  'must-equal': mustEqual,
  'must-mirror': mustMirror,
  'must-differ': mustDiffer,
  'within-tolerance': withinTolerance,
  'not-less-than': notLessThan,
  'version-not-older': versionNotOlder,
  subset,
  superset,
  policy,
  'links-in-group': linksInGroup,
  'catch-all': catchAll,
} as const satisfies Record<CompareKind, Comparator<string>>;

export type { CompareKind };

/** The message ids a kind can produce. */
export type MessageId<K extends CompareKind> = keyof (typeof COMPARATORS)[K]['messages'] & string;

export const COMPARE_KINDS = Object.keys(COMPARATORS) as CompareKind[];

/** Every message id a kind can produce, with its default template. Rules may override templates by id. */
export const KIND_MESSAGES: { readonly [K in CompareKind]: Readonly<Record<MessageId<K>, string>> } = Object.fromEntries(
  COMPARE_KINDS.map((k) => [k, COMPARATORS[k].messages]),
) as { readonly [K in CompareKind]: Readonly<Record<MessageId<K>, string>> };

/** The default template of message `id` of `kind`, undefined when the kind has no such message. */
export function kindMessage(kind: CompareKind, id: string): string | undefined {
  return (KIND_MESSAGES[kind] as Readonly<Record<string, string>>)[id];
}

/** The comparator of a kind, typed for dispatch (message ids are checked where each comparator is written). */
export function comparatorFor(kind: CompareKind): Comparator<string> {
  return COMPARATORS[kind];
}
