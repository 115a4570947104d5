import { formatNumber, formatPercent } from '../platform/web/format.js';
import type { Language } from '../platform/web/language.js';
import type { CoverageSummary } from '../village-coverage/coverage.js';
import * as messages from './messages.js';
import { text } from './messages.js';

/** "X of Y villages have a verified KIM", the percentage and a progress bar toward 100 %. */
export const CoverageProgress = ({ summary, lang }: { summary: CoverageSummary; lang: Language }) => {
  const t = text(lang);
  const { total, covered, pendingOnly } = summary.villages;
  const label = t(messages.home.progressLabel);
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading" class="visually-hidden">
        {t(messages.home.progressLabel)}
      </h2>
      <p class="big-number" data-testid="coverage-percent">
        {formatPercent(summary.coveragePercent, lang)}
      </p>
      <p class="lead" data-testid="coverage-count">
        <strong>{formatNumber(covered, lang)}</strong> {t(messages.home.of)}{' '}
        <strong>{formatNumber(total, lang)}</strong> {t(messages.home.haveKim)}
      </p>
      <progress max={Math.max(total, 1)} value={covered} aria-label={label}>
        {formatPercent(summary.coveragePercent, lang)}
      </progress>
      {pendingOnly > 0 ? (
        <p data-testid="coverage-pending">
          {formatNumber(pendingOnly, lang)} {t(messages.home.pending)}
        </p>
      ) : null}
    </section>
  );
};
