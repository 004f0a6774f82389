// version-not-older: the other server's version is not older than the Main's (product.version). A server that
// becomes Main, or that receives the Main's database, on an older build cannot load it: "Invalid Database
// (unsupported build)". A newer one is the documented state of an upgrade in progress (the Standby first).
import { formatValue, roleName } from '../values.js';
import { EQUALITY_MESSAGES, perSetting } from './shared.js';
import type { Comparator } from './types.js';
import { compareVersions, versionParts } from '../../version-order.js';

const MESSAGES = {
  ...EQUALITY_MESSAGES,
  notOlder: '{{setting}}: {{otherRole}} runs {{otherValue}}, not older than the Main\'s {{mainValue}}',
  older: "{{setting}}: {{otherRole}} runs {{otherValue}}, older than the Main's {{mainValue}}",
  notVersion: '{{setting}} differs ({{mainValue}} on Main, {{otherValue}} on {{otherRole}}) and is not a dotted version on {{server}}, so which is older cannot be told',
} as const;

/** The first dotted version in a value (`Geo SCADA 6.84.8512.1` → [6, 84, 8512, 1]); undefined for a text without one. */
function versionIn(value: unknown): number[] | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const m = /\d+(?:\.\d+)+/.exec(String(value));
  return m === null ? undefined : versionParts(m[0]);
}

export const versionNotOlder: Comparator<keyof typeof MESSAGES> = {
  messages: MESSAGES,
  options: [],
  compare(run, main, other) {
    perSetting(run, main, other, {}, (p) => {
      const base = { setting: p.display, servers: p.servers, values: p.values, sources: p.sources, assumed: p.assumed };
      if (p.mv === p.ov) {
        run.report({ ...base, status: 'pass', messageId: 'notOlder', data: p.data });
        return;
      }
      const a = versionIn(p.mv);
      const b = versionIn(p.ov);
      if (a === undefined || b === undefined) {
        const server = roleName((a === undefined ? main : other).role);
        run.report({ ...base, status: 'unknown', messageId: 'notVersion', data: { ...p.data, server, value: formatValue(a === undefined ? p.mv : p.ov) } });
        return;
      }
      const older = compareVersions(b, a) < 0;
      run.report({ ...base, status: older ? 'fail' : 'pass', messageId: older ? 'older' : 'notOlder', data: p.data });
    });
  },
};
