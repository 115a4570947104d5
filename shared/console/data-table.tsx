import type { Child } from 'hono/jsx';

/** A column heading; `numeric` right-aligns the column (class `num`). */
export type Column = string | { readonly label: string; readonly numeric: true };

export interface DataTableProps {
  /** `data-testid` of the table, by which tests find it. */
  readonly testid: string;
  readonly columns: readonly Column[];
  /** The body's rows. */
  readonly children?: Child;
}

/** A table of the console: scrolls sideways on a narrow screen, one header row of column headings. */
export const DataTable = ({ testid, columns, children }: DataTableProps) => (
  <div class="table-wrap">
    <table data-testid={testid}>
      <thead>
        <tr>
          {columns.map((column) =>
            typeof column === 'string' ? (
              <th scope="col">{column}</th>
            ) : (
              <th scope="col" class="num">
                {column.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  </div>
);
