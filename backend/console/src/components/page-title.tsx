import { useEffect, type ReactNode } from 'react';

/** The page's h1 and the document title (what a screen reader announces on navigation). */
export function PageTitle({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Incident console`;
  }, [title]);
  return (
    <div className="page-title">
      <h1>{title}</h1>
      {children}
    </div>
  );
}
