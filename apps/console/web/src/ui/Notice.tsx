import type { ReactNode } from 'react';
import { ApiError, messageOf } from '../api/errors';

/** A message above a form or a screen; errors are announced by screen readers as they appear. */
export function Notice({
  kind = 'info',
  children,
}: {
  kind?: 'info' | 'error' | 'success' | 'warning';
  children: ReactNode;
}) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  return <Notice kind="error">{messageOf(error)}</Notice>;
}

/**
 * The error of a form's request above the form, unless it is about one of `fields`: that one is
 * shown beside its field instead.
 */
export function FormErrorNotice({ error, fields }: { error: unknown; fields: readonly string[] }) {
  if (error instanceof ApiError && fields.some((field) => error.forField(field))) return null;
  return <ErrorNotice error={error} />;
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}
