import { mailerApi, unwrap } from '../api/clients';

/**
 * Whether the mailer is delivering to its dev outbox (no SendGrid key), so the Outbox screen is
 * worth showing: the console reports it when it knows, otherwise the outbox holding mail tells.
 */
export async function outboxInUse(): Promise<boolean> {
  const page = await unwrap(mailerApi.GET('/outbox', { params: { query: { limit: 1 } } })).catch(() => null);
  return (page?.items.length ?? 0) > 0;
}
