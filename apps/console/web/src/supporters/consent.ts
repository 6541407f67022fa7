import type { components } from '../api/generated/subscribers';
import { date, words } from '../format';

type ConsentEvent = components['schemas']['ConsentEventDto'];

const via = (source: string | null): string => {
  if (!source) return '';
  if (source.startsWith('import:')) return ` from the import “${words(source.slice('import:'.length))}”`;
  return ` via ${words(source)}`;
};

/** One consent-ledger entry in plain words: "Asked to subscribe on 03/05/2026 via website form, wording v2". */
export function consentSentence(event: ConsentEvent): string {
  const sentence = consentWords(event);
  return event.wordingVersion ? `${sentence}, wording v${event.wordingVersion}` : sentence;
}

function consentWords(event: ConsentEvent): string {
  const on = `on ${date(event.occurredAt)}`;
  // Kept as a string so a kind added to the ledger later still reads as words (the default below).
  const kind: string = event.kind;
  switch (event.kind) {
    case 'requested':
      return `Asked to subscribe ${on}${via(event.source)}, and was sent a confirmation email`;
    case 'confirmed':
      return `Confirmed the subscription ${on} by clicking the link in the confirmation email`;
    case 'imported':
      // The import's date, not the consent's: the subscription shows when they originally opted in.
      return `Added to the newsletter by an import ${on}${event.source ? `; consent was collected via “${words(event.source.replace(/^import:/, ''))}”` : ''}`;
    case 'unsubscribed':
      return `Unsubscribed ${on}${via(event.source)}`;
    case 'bounced':
      return `Their email address bounced ${on}; no more newsletters are sent to it`;
    case 'complained':
      return `Marked one of our emails as spam ${on}; no more newsletters are sent to them`;
    case 'erased':
      return `Personal data erased ${on}`;
    default: {
      const said = words(kind);
      return `${said.charAt(0).toUpperCase()}${said.slice(1)} ${on}${via(event.source)}`;
    }
  }
}
