/** One goal of the issue, measured: what was asked, what was found, and whether it holds. */
export interface GoalResult {
  readonly goal: string;
  readonly measured: string;
  readonly pass: boolean;
}

/** What a benchmark prints: a markdown table of measurements, its goals and notes on method. */
export interface BenchmarkReport {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
  readonly goals: readonly GoalResult[];
  readonly notes: readonly string[];
  /** Further markdown printed after the notes (for example a CPU profile summary). */
  readonly details?: string;
}

export interface Benchmark {
  /** The name to run it alone: `npm run bench -- <name>`. */
  readonly name: string;
  readonly summary: string;
  /** Diagnostic benchmarks run only when named, not in the default `npm run bench`. @default false */
  readonly optional?: boolean;
  run(): Promise<BenchmarkReport>;
}

const escapeCell = (cell: string): string => cell.replaceAll('|', '\\|');

/** A GitHub-flavoured markdown table; columns after the first are right-aligned when numeric. */
export const markdownTable = (headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string => {
  const numeric = headers.map(
    (_, column) =>
      column > 0 && rows.length > 0 && rows.every((row) => /^[\d.,\s×%<>≤≥-]+/.test(row[column] ?? '')),
  );
  const lines = [
    `| ${headers.map(escapeCell).join(' | ')} |`,
    `| ${headers.map((_, column) => (numeric[column] ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${headers.map((_, column) => escapeCell(row[column] ?? '')).join(' | ')} |`),
  ];
  return lines.join('\n');
};

/** The whole report of one benchmark as markdown. */
export const renderReport = (report: BenchmarkReport): string => {
  const goals =
    report.goals.length === 0
      ? ''
      : markdownTable(
          ['goal', 'measured', 'result'],
          report.goals.map((goal) => [goal.goal, goal.measured, goal.pass ? 'PASS' : 'FAIL']),
        );
  const notes = report.notes.map((note) => `- ${note}`).join('\n');
  return [
    `## ${report.title}`,
    markdownTable(report.headers, report.rows),
    goals,
    notes,
    report.details ?? '',
  ]
    .filter((part) => part.length > 0)
    .join('\n\n');
};
