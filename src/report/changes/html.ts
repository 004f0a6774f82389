// Change record as one self-contained HTML page, on the shared page shell (CSP, inline CSS and script).
import { readAsset } from '../assets.js';
import { isSecretDisplay } from '../view.js';
import { renderHtmlPage, template } from '../html/page.js';
import { mainMove } from './changeovers.js';
import { seenWhen, shortTime, type ChangeRecordView, type ChangeView } from './view.js';

function changeRow(c: ChangeView) {
  return {
    ...c,
    serverKey: c.server.toLowerCase(),
    beforeAbsent: c.kind === 'added',
    afterAbsent: c.kind === 'removed',
    beforeSecret: isSecretDisplay(c.from),
    afterSecret: isSecretDisplay(c.to),
    firstSeenShort: seenWhen(c),
    sinceShort: shortTime(c.since),
    otherRecorder: c.recordedBy !== c.who,
  };
}

export function formatChangesHtml(view: ChangeRecordView): string {
  const scope = [view.site && `site ${view.site}`, view.pair && `pair ${view.pair}`, view.server && `server ${view.server}`].filter(Boolean).join(', ');
  const model = {
    ...view,
    scope,
    changeCount: view.counts.changes,
    oneChange: view.counts.changes === 1,
    undocumented: view.counts.undocumented,
    oneUndocumented: view.counts.undocumented === 1,
    servers: view.servers.map((s) => ({ ...s, key: s.server.toLowerCase() })),
    changes: view.changes.map(changeRow),
    focusChangeovers: view.focus === 'changeovers',
    changeoverCount: view.counts.changeovers,
    oneChangeover: view.counts.changeovers === 1,
    changeovers: view.changeovers.map((c) => ({
      ...c,
      move: mainMove(c),
      beforeShort: shortTime(c.between.before),
      afterShort: shortTime(c.between.after),
      recordedShort: shortTime(c.recordedAt),
      preShort: shortTime(c.preCheck.generatedAt),
      postShort: shortTime(c.postCheck.generatedAt),
      preOk: c.preCheck.go ?? c.preCheck.verdict === 'in-parity',
      postOk: c.postCheck.go ?? c.postCheck.verdict === 'in-parity',
      changeIds: c.changes.map((x) => x.id).join(', '),
      changes: c.changes.map(changeRow),
    })),
  };
  return renderHtmlPage({
    title: `${view.title}${scope ? ` · ${scope}` : ''}`,
    body: template('changes.html.hbs')(model),
    css: readAsset('changes.css'),
    script: readAsset('changes-report.js'),
    generator: `${view.tool.name} ${view.tool.version}`,
  });
}
