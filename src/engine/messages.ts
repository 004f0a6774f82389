// Default message templates per comparison kind (ESLint style: message id + data), and their rendering.
import type { CompareKind } from './types.js';

const SHARED = {
  missing: '{{setting}} is missing on {{missingOn}}, so parity cannot be checked; collect a complete export of that server',
};

const EQUALITY = {
  ...SHARED,
  equal: '{{setting}} is the same on Main and {{otherRole}}: {{mainValue}}',
  differs: '{{setting}} differs: Main has {{mainValue}}, {{otherRole}} has {{otherValue}}',
  onlyOnMain: '{{setting}} is set on Main ({{mainValue}}) but not on {{otherRole}}',
  onlyOnOther: '{{setting}} is set on {{otherRole}} ({{otherValue}}) but not on Main',
  passesSummarised: '{{count}} settings are the same on Main and {{otherRole}}',
};

/** Every message id a kind can produce, with its default template. Rules may override templates by id. */
export const KIND_MESSAGES: Record<CompareKind, Record<string, string>> = {
  'must-equal': EQUALITY,
  'catch-all': {
    ...EQUALITY,
    othersEqual: '{{count}} other settings are the same on Main and {{otherRole}}',
  },
  'must-differ': {
    ...SHARED,
    distinct: '{{setting}} differs as it must: Main has {{mainValue}}, {{otherRole}} has {{otherValue}}',
    same: '{{setting}} is {{mainValue}} on both Main and {{otherRole}}; it must be unique to each server',
  },
  'within-tolerance': {
    ...EQUALITY,
    withinTolerance: '{{setting}}: Main has {{mainValue}}, {{otherRole}} has {{otherValue}}, within the allowed difference of {{tolerance}}',
    outsideTolerance: '{{setting}}: Main has {{mainValue}}, {{otherRole}} has {{otherValue}}; the allowed difference is {{tolerance}}',
    notNumber: '{{setting}} is not a number on {{server}} ({{value}}), so it cannot be compared within a tolerance',
  },
  'not-less-than': {
    ...EQUALITY,
    notLess: '{{setting}}: {{otherRole}} has {{otherValue}}, Main has {{mainValue}}',
    less: '{{setting}}: {{otherRole}} has {{otherValue}}, less than the Main\'s {{mainValue}}',
    greater: '{{setting}}: {{otherRole}} has {{otherValue}}, more than the Main\'s {{mainValue}}',
    notNumber: '{{setting}} is not a number on {{server}} ({{value}}), so it cannot be compared',
  },
  subset: {
    ...SHARED,
    present: '{{setting}} is present on Main and on {{otherRole}}',
    missingOnOther: '{{setting}} is present on Main but not on {{otherRole}}',
  },
  superset: {
    ...SHARED,
    extraOnOther: '{{setting}} is present on {{otherRole}} but not on Main',
  },
  'must-mirror': {
    ...SHARED,
    pointsBack: '{{fromRole}}\'s {{linkLabel}} link dials {{address}}, which is {{toRole}}',
    pointsElsewhere: '{{fromRole}}\'s {{linkLabel}} link dials {{address}}, which is not {{toRole}} (it answers to {{names}})',
    noIdentity: '{{toRole}}\'s host names and addresses are unknown, so {{fromRole}}\'s {{linkLabel}} address {{address}} cannot be checked; collect a bundle with hostname and ipconfig',
    portMatches: '{{fromRole}} dials port {{port}} on its {{linkLabel}} link, and {{toRole}} listens on {{dbPort}}',
    portMismatch: '{{fromRole}} dials port {{port}} on its {{linkLabel}} link, but {{toRole}}\'s database port is {{dbPort}}',
    linkEqual: '{{attribute}} is the same at both ends of the link: {{mainValue}}',
    linkDiffers: '{{attribute}} differs at the two ends of the link: Main ({{linkLabel}} link) has {{mainValue}}, {{otherRole}} ({{backLinkLabel}} link) has {{otherValue}}',
    oneSided: '{{attribute}} is configured at {{setOn}}\'s end of the link only',
  },
  policy: {
    ...SHARED,
    allowed: '{{setting}} on {{server}} is {{value}}',
    notAllowed: '{{setting}} on {{server}} is {{value}}; expected {{expected}}',
    enoughFree: 'Volume {{volume}}: on {{server}} has {{freePercent}}% free (limit {{limit}}%); it holds the folders {{folders}}',
    lowFree: 'Volume {{volume}}: on {{server}} has only {{freePercent}}% free (limit {{limit}}%); it holds the folders {{folders}}',
    noDiskEvidence: 'No free-space evidence for volume {{volume}}: on {{server}}; collect a bundle with the volume listing',
    capacityOk: '{{server}}\'s database volumes hold {{capacity}} bytes, at least the {{used}} bytes used on Main',
    capacityShort: '{{server}}\'s database volumes hold {{capacity}} bytes, less than the {{used}} bytes used on Main',
    volumePresent: '{{setting}} on {{server}} is on volume {{volume}}:, which exists',
    volumeMissing: '{{setting}} on {{server}} is on volume {{volume}}:, which that server does not have',
    notLocalPath: '{{setting}} on {{server}} is {{value}}, not a local drive path, so its volume cannot be checked',
    fresh: '{{server}}\'s snapshot was collected {{ageMinutes}} min before this check (limit {{limit}} min)',
    stale: '{{server}}\'s snapshot was collected {{ageMinutes}} min before this check, more than the {{limit}} min limit; collect it again',
    together: 'Main and {{otherRole}} were collected {{skewMinutes}} min apart (limit {{limit}} min)',
    apart: 'Main and {{otherRole}} were collected {{skewMinutes}} min apart, more than the {{limit}} min limit; collect both again',
    noTime: '{{server}}\'s snapshot has no valid collection time',
  },
};

/** Fills `{{name}}` placeholders; an unknown placeholder stays visible so that a typo shows in tests. */
export function renderMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : whole));
}
