// `pairaudit report`: re-renders a saved JSON result (audit or check, fleet, change record) in any of its formats.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { refuseOutputOverInputs, type CliIO } from '../io.js';
import { addReportOptions, reportFormats, type ReportOptions } from '../render.js';
import { CHANGE_FORMATS, FLEET_FORMATS } from '../../vocabulary.js';
import type { SavedResult } from '../../report/load.js';
import { decodeWrittenText } from '../../text-file.js';

export function registerReport(program: Command, io: CliIO): void {
  addReportOptions(
    program
      .command('report')
      .description(`Re-render a saved JSON result (from \`audit\`, \`check\`, \`fleet\` or \`changes\` with --format json) as ${reportFormats.join(', ')}`)
      .argument('<result.json>', 'a result saved with --format json'),
  )
    .addHelpText(
      'after',
      `
Formats: an audit or check result and a fleet result in every format; a change
record in ${CHANGE_FORMATS.join(', ')}.

Examples:
  pairaudit report result.json -o audit.html
  pairaudit report fleet.json -f md -o fleet.md
  pairaudit report result.json --format junit > junit.xml

Exit code 0 when the report was written (re-rendering does not re-judge the
verdict); 2 when the file is not a saved result or the format does not fit it.`,
    )
    .action(async (file: string, opts: ReportOptions) => {
      refuseOutputOverInputs(io, [['-o', opts.output]], [file]);
      const [{ parseSavedResult }, render] = await Promise.all([import('../../report/load.js'), import('../render.js')]);
      let text: string;
      try {
        // As every input: a regular file of bounded size (a FIFO would block, a device read forever).
        const { readInputFile } = await import('../../collect/input.js');
        // Windows PowerShell 5.1's `>` writes UTF-16LE with a BOM: decoded as its byte-order mark says, as every input is.
        text = decodeWrittenText(await readInputFile(resolve(io.cwd, file), file), file);
      } catch (e) {
        if (e instanceof InputError) throw e;
        const code = (e as NodeJS.ErrnoException).code ?? 'error';
        throw new InputError(file, undefined, `cannot read the result (${code}); check the path`);
      }
      const saved = parseSavedResult(text, file);
      const toStdout = opts.output === undefined || opts.output === '-';
      // parseSavedResult checks every field a report reads: what fails while it is drawn is a bug, not the file's fault.
      await renderSaved(io, saved, opts, toStdout, render);
    });
}

/** Writes the report of a saved result in the format asked for. */
async function renderSaved(io: CliIO, saved: SavedResult, opts: ReportOptions, toStdout: boolean, render: typeof import('../render.js')): Promise<void> {
  if (saved.kind === 'audit') {
    await render.writeAuditReport(io, saved.result, opts);
  } else if (saved.kind === 'fleet') {
    const format = render.resolveFormat(opts, FLEET_FORMATS);
    render.checkBinaryTarget(io, format, opts);
    const { renderFleet } = await import('../../report/fleet/index.js');
    render.writeReport(io, await renderFleet(saved.result, format, render.formatContext(io, format, toStdout, opts)), opts, render.fleetSummary(saved.result));
  } else {
    const format = render.resolveFormat(opts, CHANGE_FORMATS);
    render.checkBinaryTarget(io, format, opts);
    const { renderChanges } = await import('../../report/changes/index.js');
    render.writeReport(io, await renderChanges(saved.view, format, render.formatContext(io, format, toStdout, opts)), opts, render.changesSummary(saved.view));
  }
}
