// Roles the evidence and a fleet inventory disagree on (pure): the recorded role wins, and the pair gets an
// info finding saying so, since inventories are written once and servers change over.
import type { Finding } from '../types.js';
import type { AuditServerInput } from './types.js';
import { renderMessage } from './messages.js';
import { roleName } from './values.js';

const MESSAGE = '{{label}} is {{inventoryRole}} in the inventory, but its evidence records {{recordedRole}}: audited as {{recordedRole}}; update the inventory if the servers changed over for good';

/** One info finding per server whose inventory role disagrees with the role its evidence records. */
export function inventoryRoleFindings(servers: AuditServerInput[]): Finding[] {
  return servers
    .filter((s) => s.inventoryRole !== undefined && s.inventoryRole !== s.role)
    .map((s): Finding => {
      const data = { label: s.snapshot.server.label, inventoryRole: roleName(s.inventoryRole!), recordedRole: roleName(s.role) };
      return {
        ruleId: 'inventory-role',
        title: 'The inventory gives each server the role its evidence records',
        severity: 'info',
        status: 'fail',
        category: 'inventory',
        setting: 'server.role',
        servers: [s.role],
        values: { [s.role]: s.inventoryRole! },
        sources: { [s.role]: null },
        messageId: 'inventoryRoleDiffers',
        data,
        message: renderMessage(MESSAGE, data),
        rationale: 'A role recorded in a bundle (bundle.json) or snapshot is taken when the server was collected; an inventory is written once, and the Main and Standby change over. The recorded role is used.',
        remediation: 'Correct the role in the fleet inventory, or collect the server again with the right -Role if the bundle records the wrong one.',
      };
    });
}
