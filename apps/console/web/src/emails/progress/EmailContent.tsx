import { useState } from 'react';
import { SavedEmailPreview } from '../shared/SavedEmailPreview';

/** The email itself, folded away: loaded only when someone opens it. */
export function EmailContent({ campaignId }: { campaignId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="panel" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>See the email as people receive it</summary>
      {open && <SavedEmailPreview campaignId={campaignId} />}
    </details>
  );
}
