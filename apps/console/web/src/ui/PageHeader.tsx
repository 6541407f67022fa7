import { type ReactNode, useEffect } from 'react';

/** The screen's one h1, also used as the document title so browser tabs and history say where you are. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Supporter CRM`;
  }, [title]);
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}
