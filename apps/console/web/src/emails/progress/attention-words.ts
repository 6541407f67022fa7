import { plural } from '../../format';
import type { Campaign } from '../shared/campaign';
import { readableReason } from './failure-reason';
import { when } from './when';

/** What to say about batches that need a person, and the button's words when one may act now. */
export interface AttentionWords {
  text: string;
  button: string | null;
}

const people = (n: number) => plural(n, 'person', 'people');
const ASK = 'Communications staff or an admin can do this.';

/**
 * Batches whose request may or may not have reached SendGrid: resending at once could email people
 * twice, so the mailer allows it only after a grace period, for those no SendGrid event confirmed.
 */
export function uncertainWords(email: Campaign, canAct: boolean, now = new Date()): AttentionWords | null {
  const { uncertainRecipients, canResendUncertainNow, resendUncertainFrom } = email.attention;
  if (uncertainRecipients === 0) return null;
  // People, not batches: how the mailer splits a send is not the reader's business.
  const what = `We could not tell whether SendGrid accepted the email for ${people(uncertainRecipients)}.`;
  if (email.status === 'cancelled') {
    return { text: `${what} The email was cancelled, so they will not be resent.`, button: null };
  }
  if (canResendUncertainNow) {
    const text = `${what} We have waited long enough to be sure nobody gets it twice: you can resend to those SendGrid has not confirmed.`;
    return canAct
      ? { text, button: `Resend to ${people(uncertainRecipients)}` }
      : { text: `${text} ${ASK}`, button: null };
  }
  const until = resendUncertainFrom ? `wait until ${when(resendUncertainFrom, now)}` : 'wait a while';
  const text = `${what} To avoid emailing anyone twice, ${until}, then resend them.`;
  return { text: canAct ? text : `${text} ${ASK}`, button: null };
}

/** Batches SendGrid refused: nobody in them was emailed, so retrying cannot email anyone twice. */
export function failedWords(email: Campaign, canAct: boolean): AttentionWords | null {
  const { failedRecipients, canRetryFailedNow } = email.attention;
  if (failedRecipients === 0) return null;
  const what = `SendGrid refused the email for ${people(failedRecipients)}, so they have not been emailed.`;
  if (email.status === 'cancelled') {
    return { text: `${what} The email was cancelled, so they will not be retried.`, button: null };
  }
  if (!canRetryFailedNow) return { text: `${what} They cannot be retried at the moment.`, button: null };
  return canAct
    ? { text: `${what} Retrying is safe.`, button: `Retry sending to ${people(failedRecipients)}` }
    : { text: `${what} Retrying is safe. ${ASK}`, button: null };
}

/**
 * What to say once a resend or retry has put `recipients` people back in the queue, as the email
 * stands now: to be sent while it is sending, sent once it finished with nothing left needing
 * attention. Otherwise (refused or unconfirmed again, stopped, cancelled) nothing: the status line
 * and the attention panel say where it stands, and a sentence about the resend could contradict them.
 */
export function requeuedWords(email: Campaign, recipients: number): string | null {
  if (recipients === 0) return null;
  if (email.status === 'sending') return `${people(recipients)} will be sent the email again.`;
  const { uncertainRecipients, failedRecipients } = email.attention;
  if (email.status === 'sent' && uncertainRecipients === 0 && failedRecipients === 0) {
    return `Sent again to ${people(recipients)}.`;
  }
  return null;
}

/** SendGrid's own words for the refusals, once per distinct reason: for whoever fixes the cause. */
export function refusalReasons(email: Campaign): string[] {
  return [
    ...new Set(
      email.failedBatches
        .filter((batch) => batch.failed > 0 && batch.reason)
        .map((batch) => readableReason(batch.reason!)),
    ),
  ];
}
