import { ErrorNotice } from '../ui/Notice';
import { letterUrl, useSendConfirmation } from './queries';
import type { Declaration } from './words';

/** An oral declaration's written confirmation: email it, or print the letter and record it posted. */
export function ConfirmationActions({
  declaration,
  canEmail,
}: {
  declaration: Declaration;
  canEmail: boolean;
}) {
  const send = useSendConfirmation();
  return (
    <>
      <p className="confirmation-actions">Send the donor its written confirmation:</p>
      <div className="row-actions wrapping">
        {canEmail && (
          <button
            type="button"
            className="primary"
            disabled={send.isPending}
            onClick={() => send.mutate({ id: declaration.id, channel: 'email' })}
          >
            Email the confirmation
          </button>
        )}
        <a href={letterUrl(declaration.id)} target="_blank" rel="noreferrer">
          Print the letter
        </a>
        <button
          type="button"
          disabled={send.isPending}
          onClick={() => send.mutate({ id: declaration.id, channel: 'post' })}
        >
          Mark letter posted
        </button>
      </div>
      <ErrorNotice error={send.error} />
    </>
  );
}
