// The chain of store format versions: every version the store has had, each with the migration from the one before.
//
// To change the store format (journal entries, stored snapshots or audit results, the canonical form, …):
// 1. add a version at the end of FORMAT_VERSIONS with a one-line title and its `migrate` step;
// 2. write the step in src/history/migrations/<name>.ts: it rewrites the entries of the version before
//    into the new version, entry for entry (never adding, dropping or reordering one, so every entry
//    keeps its number and every change id cited in a ticket stays valid), and may rewrite stored
//    snapshots and audit results through the context (their new fingerprints are its to put in the entries);
// 3. make the readers and writers of src/history/ speak the new version only: `pairaudit migrate`
//    brings every older store up to it, and other commands ask for that migration;
// 4. add the step's test to test/history-migrate.test.ts, starting from fixtures/stores/v0.1.0;
// 5. document the version in STORE.md ("Format versions").
import type { MigrationStep } from './migrations/context.js';
import { migrateIdentity } from './migrations/identity.js';
import { migrateSecrets } from './migrations/secrets.js';

export const STORE_FORMAT = 'pairaudit-history';

export interface FormatVersion {
  version: number;
  /** What this version changed, in one line: journalled by `pairaudit migrate`, listed in STORE.md. */
  title: string;
  /** Rewrites a store of the version before into this one; absent for the first version. */
  migrate?: MigrationStep;
}

export const FORMAT_VERSIONS: readonly FormatVersion[] = [
  { version: 1, title: 'pairaudit 0.1.0: hash-chained journal; servers known by label across the whole store' },
  {
    version: 2,
    title: 'servers known by pair and host (computer name, else label); role is an attribute of each snapshot',
    migrate: migrateIdentity,
  },
  {
    version: 3,
    title: 'changeover-recorded entries: the Main role moved to another server of a pair between two recorded checks',
    // A new kind of entry: older stores hold none and nothing in them changes (the runner re-chains them as version 3).
    migrate: () => undefined,
  },
  {
    version: 4,
    title: "secrets hashed under the store's own key (secret.key), snapshots of format 2 (key ids); secrets kept in clear by older versions replaced by keyed hashes",
    migrate: migrateSecrets,
  },
  {
    version: 5,
    title: 'new snapshots stored in snapshot format 3 (each source file and registry key once, in an origins table); stored snapshots of formats 1 and 2 kept as they are',
    // Nothing to rewrite: a stored snapshot's fingerprint is its identity (entries, baselines, recorded audit
    // results and signed change records cite it), and formats 1 and 2 still verify with their own canonical
    // form. The entries are re-chained as version 5, so that an older pairaudit, which cannot read a format 3
    // snapshot, refuses the store as too new instead of reading one wrongly.
    migrate: () => undefined,
  },
  {
    version: 6,
    title: 'new snapshots stored in snapshot format 4 (settings of one registry key and name prefix in one group, the prefix once); stored snapshots of formats 1 to 3 kept as they are',
    // Nothing to rewrite, as for version 5: stored snapshots keep their fingerprints (their identity) and
    // formats 1 to 3 still verify with their own canonical form. Re-chained as version 6, so that an older
    // pairaudit, which cannot read a format 4 snapshot, refuses the store as too new.
    migrate: () => undefined,
  },
  {
    version: 7,
    title: "secrets kept in clear by versions before today's default patterns (a token or a command line's password in a registry value, a MasterKey) replaced by keyed hashes",
    // Version 4's step, run again with today's patterns: it finds what they find in clear and nothing else, so on a
    // store that holds no such value it stores no snapshot anew and changes no entry (but for its version).
    migrate: migrateSecrets,
  },
  {
    version: 8,
    title: "secrets kept in clear by versions before today's default patterns (a password on a command line: net user, net use, schtasks, psexec, sqlcmd, mysql, curl -u, sshpass, plink -pw, ConvertTo-SecureString, NetworkCredential; an HTTP Basic credential or cookie; an Azure account key, shared access key or SAS signature, a value named AccountKey, StorageKey or UpdateKey) replaced by keyed hashes",
    // Version 4's step again, as for version 7: today's patterns find what versions 4 to 7 stored in clear (a version
    // 7 store holds every one of these, and a net use password when it was written before that pattern); a store
    // holding none of them is only re-chained.
    migrate: migrateSecrets,
  },
  {
    version: 9,
    title: "secrets kept in clear by versions before today's default patterns (a password on a command line: psexec or paexec -p before -u, sqlcmd, osql, isql or bcp -P without -U, schtasks /rp or /p before /ru, netdom /PasswordD: and /PasswordO:, WinSCP's user:password@host, Net-SNMP's -c, -A and -X, an Oracle logon user/password@db, wget --http-password, curl --proxy-user; a short HTTP Basic credential; a passphrase typed in a note, ticket or author: password blue-sky, password Open-Sesame) replaced by keyed hashes or (hidden)",
    // Version 4's step again, as for versions 7 and 8: today's patterns find what versions 4 to 8 stored in clear (a
    // version 8 store holds every one of these); the step now also masks what people typed with today's free-text
    // patterns. A PostgreSQL client's port that version 8 hid (`psql -U scada -p (hidden)`) stays as stored: its
    // hash cannot give the port back, and hiding it was no leak. A store holding none of them is only re-chained.
    migrate: migrateSecrets,
  },
  {
    version: 10,
    title: "secrets kept in clear by versions before today's default patterns (Redis' requirepass and masterauth, redis-server --masterauth, redis-cli AUTH, CONFIG SET requirepass, sentinel auth-pass; a bare HTTP Basic credential, basic dXNlcjpwYXNz; a value named as holding a password: SmtpAuth, MailAuth, ProxyAuth, AuthString, DbCred, PrivKey; a passphrase typed in capitals or another language: password BLUE-SKY, Passwort für RTU-7: Blau-Himmel, mot de passe changé en Bleu-Ciel) replaced by keyed hashes or (hidden)",
    // Version 4's step again, as for versions 7 to 9: today's patterns find what versions 4 to 9 stored in clear (a
    // version 9 store holds every one of these). Where an older version hid a word it did not know as a connector
    // instead of the passphrase after it (`das Kennwort (hidden) Nord-Licht`), the step reads the text again without
    // that word (typed-text.ts). A store holding none of them is only re-chained.
    migrate: migrateSecrets,
  },
  {
    version: 11,
    title: "secrets kept in clear by versions before today's default patterns (Redis' requirepass and masterauth after ;, echo or another directive, --requirepass=, a password with a digit in a sentence; a Redis ACL's >password and #hash; a short bare Basic credential of an empty user; an MQTT client's -P 12345; isql DSN USER PASSWORD in a sentence) replaced by keyed hashes or (hidden)",
    // Version 4's step again, as for versions 7 to 10: today's patterns find what versions 4 to 10 stored in clear (a
    // version 10 store holds every one of these). What version 10 hid and today's patterns show (a host named auth
    // after redis-cli -h, `Passwort auf RTU-7 geändert`) stays hidden: a hash cannot give it back. A store holding none
    // of them is only re-chained.
    migrate: migrateSecrets,
  },
  {
    version: 12,
    title: 'registry key and value names holding a secret (a connection string used as a name: [Link Server=db;Password=…;], "Server=db;Password=…;"="1") replaced by (hidden name <keyed hash>) in the stored snapshots (names, provenance, warnings), changes and audit results',
    // Version 4's step again, which now masks names as collect does (src/snapshot/protect-names.ts) before values: a
    // stored snapshot holding such a name is stored anew under its new fingerprint, the changes of its settings
    // renamed one for one, the audit results scrubbed of each name part. A store holding none is only re-chained.
    migrate: migrateSecrets,
  },
];

/** The version this pairaudit writes; every entry of a store of this version has `v` equal to it. */
export const STORE_VERSION: number = FORMAT_VERSIONS[FORMAT_VERSIONS.length - 1].version;

/** The steps from `from` up to the current version, in order. */
export function pendingVersions(from: number): FormatVersion[] {
  return FORMAT_VERSIONS.filter((v) => v.version > from);
}

export function isKnownVersion(version: unknown): version is number {
  return typeof version === 'number' && FORMAT_VERSIONS.some((v) => v.version === version);
}
