// The history store's API: open a store, record, query changes, note, approve, verify, attribute.
export { openStore, HistoryStore, StoreWriter, storePaths, type OpenStoreOptions } from './store.js';
export { FORMAT_VERSIONS, STORE_VERSION, type FormatVersion } from './formats.js';
export { migrateStore, type MigrateOutcome } from './migrate.js';
export { hostOf, serverKey } from './identity.js';
export { generateSigningKeyPair, loadSigningKey, loadPublicKey, checkSignatures, keyId, type SigningKey, type SignatureCheck } from './signing.js';
export type { ProcessInfo } from './files.js';
export { recordSnapshot, recordSnapshotWith, resolveServer, recordAudit, recordAuditOutcome, addNote, approveBaseline, parseNoteTarget, type RecordSnapshotOptions, type RecordAuditOptions, type RecordOutcome, type AuditOutcome, type NoteOptions } from './record.js';
export { listChanges, indexJournal, isNamed, type ChangeFilter, type HistoryIndex, type ServerState } from './query.js';
export { changeoverAt, listChangeovers, signersOf, type ChangeoverFacts } from './changeovers.js';
export { backdatedInPeriod } from './clock.js';
export { verifyStore, type VerifyReport, type VerifyProblem, type VerifyOptions } from './verify.js';
export { attributeFindings, attributeFromJournal, latestBaseline, describeAttribution, type AuditedSnapshots } from './attribution.js';
export type * from './types.js';
