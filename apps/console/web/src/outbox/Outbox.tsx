import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { mailerApi, unwrap } from '../api/clients';
import { useSession } from '../auth/session';
import { dateTime, words } from '../format';
import { ErrorNotice, Loading, Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';

/**
 * The emails the system would have sent, while no SendGrid key is set. Each is shown in a
 * sandboxed frame (no scripts, no forms, no access to the console), as the mailer also serves it.
 */
export default function Outbox() {
  const { session } = useSession();
  const inUse = session?.devOutbox ?? false;
  const [openId, setOpenId] = useState<string | null>(null);
  const outbox = useQuery({
    queryKey: ['outbox'],
    queryFn: () => unwrap(mailerApi.GET('/outbox', { params: { query: { limit: 50 } } })),
    refetchInterval: 5_000,
    enabled: inUse,
  });
  const open = outbox.data?.items.find((message) => message.id === openId) ?? outbox.data?.items[0];
  if (!inUse) {
    return (
      <>
        <PageHeader title="Outbox" />
        <Notice>
          Emails are sent through SendGrid, so there is no outbox to show. To see what was sent to someone,
          open their supporter profile.
        </Notice>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Outbox" />
      <Notice>
        No email provider is set up, so emails are kept here instead of being sent. Use this to follow a
        sign-up or a receipt from start to finish.
      </Notice>
      <ErrorNotice error={outbox.error} />
      {outbox.isPending && <Loading what="Loading the outbox" />}
      {outbox.data && outbox.data.items.length === 0 && (
        <p className="empty">
          No emails yet. Sign up on the newsletter form or invite a colleague, and the email appears here.
        </p>
      )}
      {outbox.data && outbox.data.items.length > 0 && (
        <div className="outbox">
          <ul className="outbox-list" aria-label="Emails">
            {outbox.data.items.map((message) => (
              <li key={message.id}>
                <button
                  type="button"
                  aria-current={open?.id === message.id ? 'true' : undefined}
                  onClick={() => setOpenId(message.id)}
                >
                  <strong>{message.subject}</strong>
                  <span className="wrap">To {message.to}</span>
                  <span className="muted">
                    {dateTime(message.createdAt)}
                    {message.template
                      ? ` · ${words(message.template)}`
                      : message.campaignId
                        ? ' · campaign'
                        : ''}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {open && (
            <article className="outbox-message" aria-label={`Email: ${open.subject}`}>
              <h2>{open.subject}</h2>
              <p className="muted wrap">
                From {open.from} to {open.to}, {dateTime(open.createdAt)}
              </p>
              <iframe
                title={`Content of the email “${open.subject}”`}
                sandbox=""
                referrerPolicy="no-referrer"
                src={`/api/mailer/outbox/${encodeURIComponent(open.id)}`}
              />
            </article>
          )}
        </div>
      )}
    </>
  );
}
