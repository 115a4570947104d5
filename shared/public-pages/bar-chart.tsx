import { formatPercent } from '../platform/web/format.js';
import type { Language } from '../platform/web/language.js';
import type { CoverageSummary } from '../village-coverage/coverage.js';

const ROW_HEIGHT = 40;
const LABEL_BASELINE = 15;
const BAR_TOP = 21;
const BAR_HEIGHT = 12;

/** A share of `total` as an SVG percentage length, two decimals at most. */
const share = (part: number, total: number): number =>
  total === 0 ? 0 : Math.round((Math.min(part, total) / total) * 10000) / 100;

export interface BarChartProps {
  readonly rows: readonly CoverageSummary[];
  readonly lang: Language;
  /** The chart's accessible name; the table beside it holds the same numbers as text. */
  readonly title: string;
}

/**
 * One horizontal bar per region, drawn on the server as inline SVG: green for villages with a
 * verified KIM, amber for those with only a KIM awaiting review, over a grey track of all its
 * villages. Widths are percentages, so the chart fits any screen without a script; labels stay
 * at their font size instead of shrinking with a viewBox.
 */
export const CoverageBarChart = ({ rows, lang, title }: BarChartProps) => (
  <svg
    class="chart"
    role="img"
    aria-labelledby="coverage-chart-title"
    width="100%"
    height={rows.length * ROW_HEIGHT}
    xmlns="http://www.w3.org/2000/svg"
  >
    <title id="coverage-chart-title">{title}</title>
    {rows.map((row, index) => {
      const top = index * ROW_HEIGHT;
      const covered = share(row.villages.covered, row.villages.total);
      const pending = Math.min(share(row.villages.pendingOnly, row.villages.total), 100 - covered);
      return (
        <g data-code={row.code}>
          <text x="0" y={top + LABEL_BASELINE}>
            {row.name}
          </text>
          <text x="100%" y={top + LABEL_BASELINE} text-anchor="end">
            {formatPercent(row.coveragePercent, lang)}
          </text>
          <rect class="bar-track" x="0" y={top + BAR_TOP} width="100%" height={BAR_HEIGHT} />
          <rect class="bar-covered" x="0" y={top + BAR_TOP} width={`${covered}%`} height={BAR_HEIGHT} />
          <rect
            class="bar-pending"
            x={`${covered}%`}
            y={top + BAR_TOP}
            width={`${pending}%`}
            height={BAR_HEIGHT}
          />
        </g>
      );
    })}
  </svg>
);
