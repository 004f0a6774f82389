// The rule engine's public surface: load and validate rules, waivers and config; audit a group of servers.
export type * from './types.js';
export { loadRules, loadWaivers, loadConfig, buildRulePack, ruleDefinition } from './load.js';
export { parseRuleText } from './rule-schema.js';
export { parseSourceTable, SOURCES_FILE } from './sources.js';
export { parseWaivers, applyWaivers, suggestWaivers } from './waivers.js';
export { parseConfig } from './config.js';
export { auditGroup, summarise, atOrAbove, snapshotFingerprint } from './audit.js';
export { runRuleCases, caseSnapshot, type RuleCase, type RuleCaseTable, type ExpectedFinding, type CaseServer, type CaseOutcome, type CaseProfiles } from './rule-tester.js';
export { parseCaseTable } from './case-table.js';
export { formatRuleList, formatRule, formatRuleCatalogMarkdown } from './doc.js';
export { renderMessage } from './messages.js';
export { KIND_MESSAGES } from './comparators/index.js';
export { roleName, linkForRole, isRole, ROLES } from './values.js';
export { rulesUnnamed } from './profile-fit.js';
