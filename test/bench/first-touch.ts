// What a first touch of fresh memory costs on this machine: the kernel maps (and zeroes) a page the first time a
// process uses it. On bare metal that is a fraction of a microsecond per 4 KB page; on a virtual machine whose host
// backs the guest's memory page by page it can be far more: 12.6 us a page on the 2-core machine of session 16, so
// the 200k pair's audit (89 MB touched) spent ~0.29 s there and its `iconv | diff -u` baseline (45 MB) ~0.15 s. The
// bench reports the pages each command touched (GNU time's minor page faults, which also count pages of files
// already cached, such as node's own) and this cost, so that its ratios can be read across machines.
import { execFileSync } from 'node:child_process';

/** Size of a page as GNU time counts page faults (x86-64 and arm64 Linux). */
export const PAGE_BYTES = 4096;

/** Writes one byte per page of `mb` MB of fresh memory in a fresh process; prints the time per page in microseconds. */
const SCRIPT = `
const mb = Number(process.argv[1]);
const before = process.resourceUsage().minorPageFault;
const start = process.hrtime.bigint();
const blocks = [];
for (let i = 0; i < mb; i++) {
  const b = Buffer.allocUnsafeSlow(1 << 20);
  for (let j = 0; j < b.length; j += ${PAGE_BYTES}) b[j] = 1;
  blocks.push(b);
}
const us = Number(process.hrtime.bigint() - start) / 1e3;
const faults = process.resourceUsage().minorPageFault - before;
process.stdout.write(faults > 0 ? String(us / faults) : '');
`;

/**
 * Microseconds one first touch of a fresh page costs here (the median of three runs over `mb` MB each); undefined
 * where the system does not count page faults (process.resourceUsage reports none).
 */
export function firstTouchMicros(mb = 64): number | undefined {
  const runs = [0, 1, 2].map(() => execFileSync(process.execPath, ['-e', SCRIPT, String(mb)], { encoding: 'utf8' }));
  if (runs.some((r) => r === '')) return undefined;
  return runs.map(Number).sort((a, b) => a - b)[1];
}
