// The contract of a comparison kind: its message templates (typed ids), the options a rule of it may set,
// and how it compares the Main with one other server.
import type { AuditConfig, CompareSpec } from '../types.js';
import type { FindingSink, FindingSpec } from '../findings.js';
import type { IndexedServer } from '../indexing.js';
import type { CompiledRule, Effective, Selection } from '../selection.js';
import type { PartnerLink } from '../topology.js';
import type { AuditFit } from '../profile-fit.js';

/** What every comparator of one audit shares. */
export interface EngineContext {
  readonly selection: Selection;
  readonly findings: FindingSink;
  readonly config: AuditConfig;
  readonly now: Date;
  /** Every rule that claims settings (also those off or not run in this command): the catch-all leaves their settings alone. */
  readonly claimers: CompiledRule[];
  /** How the profile fits each server, when the audit was given the profile. */
  readonly fit?: AuditFit;
}

/** One rule as it runs for one role: `report` takes only the message ids of the comparator's kind. */
export interface RuleRun<Id extends string> {
  readonly ctx: EngineContext;
  readonly c: CompiledRule;
  readonly eff: Effective;
  readonly report: (f: FindingSpec<Id>) => void;
}

interface ComparatorBase<Id extends string> {
  /** Default message templates by id; a rule may override a template by id (`messages`). */
  readonly messages: Readonly<Record<Id, string>>;
  /** The `compare` options (besides `kind`) a rule of this kind may set. */
  readonly options: readonly Exclude<keyof CompareSpec, 'kind'>[];
  /** Runs once per audit on the Main alone, before the pairs (single-server checks of the Main). */
  readonly onMain?: (ctx: EngineContext, c: CompiledRule, main: IndexedServer) => void;
}

/** A comparator runs per other server (`compare`), per partner link of the group (`link`) or once for the whole group (`group`). */
export type Comparator<Id extends string> = ComparatorBase<Id> &
  (
    | {
        /** Compares the Main with one other server (or checks the other server alone). */
        readonly compare: (run: RuleRun<Id>, main: IndexedServer, other: IndexedServer) => void;
        readonly link?: never;
        readonly group?: never;
      }
    | {
        /** Compares the two ends of one link (every link of the topology, not only the Main's). */
        readonly link: (run: RuleRun<Id>, link: PartnerLink) => void;
        readonly compare?: never;
        readonly group?: never;
      }
    | {
        /** Looks at every server of the group at once (what the group as given leaves out). */
        readonly group: (run: RuleRun<Id>, servers: readonly IndexedServer[]) => void;
        readonly compare?: never;
        readonly link?: never;
      }
  );

export function ruleRun<Id extends string>(ctx: EngineContext, c: CompiledRule, eff: Effective): RuleRun<Id> {
  return { ctx, c, eff, report: (f) => ctx.findings.report(c, eff, f) };
}
