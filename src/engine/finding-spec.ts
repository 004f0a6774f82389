// What a comparator reports to the findings of an audit (findings.ts), and what evidence.ts holds back until the end.
import type { DisplayValue, Provenance, Role, Severity, Status } from '../types.js';
import type { IndexedServer } from './indexing.js';

/** What a comparator reports: one finding of the rule it runs, with a message id of its kind. */
export interface FindingSpec<Id extends string = string> {
  status: Status;
  setting: string;
  /** The servers the finding is about, Main first. */
  servers: IndexedServer[];
  messageId: Id;
  /** The message template's placeholders. */
  data: Record<string, string | number>;
  values: Partial<Record<Role, DisplayValue>>;
  sources: Partial<Record<Role, Provenance | null>>;
  /** Default: the rule's effective severity for this role. */
  severity?: Severity;
  /** Default: whether a compared server's setting was named through an assumed mapping. */
  assumed?: boolean;
  /**
   * The settings a pass or fail rests on besides `setting` on its servers (the port a partner's db.port says, the
   * folder paths are relative to): one the evidence gives two values for makes the finding unknown (ambiguous.ts).
   */
  reads?: readonly SettingRead[];
}

/** A setting of one server that a finding's verdict rests on. */
export interface SettingRead {
  role: Role;
  /** As the snapshot names it (any case). */
  setting: string;
}
