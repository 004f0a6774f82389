// `pairaudit report`: re-renders a saved JSON audit or check result in any report format.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { refuseOutputOverInputs, type CliIO } from '../io.js';
import { addReportOptions, reportFormats, type ReportOptions } from '../render.js';

export function registerReport(program: Command, io: CliIO): void {
  addReportOptions(
    program
      .command('report')
      .description(`Re-render a saved JSON result (from \`audit\` or \`check\` with --format json) as ${reportFormats.join(', ')}`)
      .argument('<result.json>', 'a result saved with --format json'),
  )
    .addHelpText('after', '\nExamples:\n  pairaudit report result.json -o audit.html\n  pairaudit report result.json --format pdf -o audit.pdf\n  pairaudit report result.json --format junit > junit.xml\n\nExit code 0 when the report was written (re-rendering does not re-judge the verdict).')
    .action(async (file: string, opts: ReportOptions) => {
      refuseOutputOverInputs(io, [['-o', opts.output]], [file]);
      const { parseAuditResult } = await import('../../report/load.js');
      const { writeAuditReport } = await import('../render.js');
      let text: string;
      try {
        text = readFileSync(resolve(io.cwd, file), 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? 'error';
        throw new InputError(file, undefined, `cannot read the result (${code}); check the path`);
      }
      const result = parseAuditResult(text, file);
      await writeAuditReport(io, result, opts);
    });
}
