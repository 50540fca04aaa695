import type { ReactNode } from 'react';

export interface Column<Row> {
  header: string;
  cell(row: Row): ReactNode;
  /** Set when the API can sort by this column: the header becomes a button. */
  sortKey?: string;
  className?: string;
}

export interface Sort {
  key: string;
  direction: 'ascending' | 'descending';
}

interface DataTableProps<Row> {
  /** The table's accessible name (shown to screen readers only). */
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey(row: Row): string;
  sort?: Sort;
  onSort?(key: string): void;
}

/** A plain, accessible table: native elements, a caption, aria-sort on the sorted column. */
export function DataTable<Row>({ caption, columns, rows, rowKey, sort, onSort }: DataTableProps<Row>) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const sorted = sort && column.sortKey === sort.key ? sort.direction : undefined;
              return (
                <th
                  key={column.header}
                  scope="col"
                  aria-sort={sorted ?? (column.sortKey ? 'none' : undefined)}
                  className={column.className}
                >
                  {column.sortKey && onSort ? (
                    <button type="button" className="sort-button" onClick={() => onSort(column.sortKey!)}>
                      {column.header}
                      <span aria-hidden="true">{sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : ''}</span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.header} className={column.className}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
