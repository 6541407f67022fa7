import { useState } from 'react';

/**
 * The cursors of the pages seen so far, for a list the server pages by cursor: `cursor` is the
 * current page's, `page` its number from 1.
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors[cursors.length - 1],
    page: cursors.length,
    previous: () => setCursors(cursors.slice(0, -1)),
    next: (cursor: string | null | undefined) => setCursors([...cursors, cursor ?? undefined]),
    /** Back to the first page, e.g. after the filters changed. */
    reset: () => setCursors([undefined]),
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/** "Previous" and "Next" buttons for a cursor-paged list; `showPage` puts the page number between them. */
export function Pager({
  pages,
  nextCursor,
  label,
  previousLabel,
  nextLabel,
  showPage = false,
}: {
  pages: CursorPages;
  nextCursor: string | null | undefined;
  label: string;
  previousLabel: string;
  nextLabel: string;
  showPage?: boolean;
}) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={pages.page === 1} onClick={pages.previous}>
        {previousLabel}
      </button>
      {showPage && <span>Page {pages.page}</span>}
      <button type="button" disabled={!nextCursor} onClick={() => pages.next(nextCursor)}>
        {nextLabel}
      </button>
    </nav>
  );
}
