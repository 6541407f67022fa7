import type { ReactNode } from 'react';
import { PageHeader } from '../ui/PageHeader';

/** The narrow, centred frame of the screens used before signing in. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main" className="auth-frame">
      <p className="brand">Supporter CRM</p>
      <div className="card">
        <PageHeader title={title} />
        {children}
      </div>
    </main>
  );
}
