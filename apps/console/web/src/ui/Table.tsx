import type { ReactNode } from 'react';

/** A column heading: its text, or the text with `number` (right-aligned) or `hidden` (for screen readers only). */
export type Column = string | { label: string; number?: boolean; hidden?: boolean };

/**
 * A table that scrolls sideways on narrow screens, with a heading cell per column; `children` are
 * the body rows. `caption`, when given, is read by screen readers only.
 */
export function Table({
  caption,
  columns,
  children,
  scrollHint = false,
}: {
  caption?: ReactNode;
  columns: Column[];
  children: ReactNode;
  /** Says, on narrow screens only, that a wide table scrolls sideways. */
  scrollHint?: boolean;
}) {
  // Focusable, so a keyboard can scroll the table sideways when it is wider than its box.
  const table = (
    <div className="table-wrap" tabIndex={0}>
      <table>
        {caption !== undefined && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => {
              const {
                label,
                number = false,
                hidden = false,
              } = typeof column === 'string' ? { label: column } : column;
              return (
                <th key={label} scope="col" className={number ? 'number' : undefined}>
                  {hidden ? <span className="visually-hidden">{label}</span> : label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
  if (!scrollHint) return table;
  return (
    <>
      <p className="table-scroll-hint" aria-hidden="true">
        Scroll the table sideways to see every column →
      </p>
      {table}
    </>
  );
}
