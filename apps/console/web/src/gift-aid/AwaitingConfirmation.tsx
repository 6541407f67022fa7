import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { donationsApi, unwrap } from '../api/clients';
import { can } from '../auth/permissions';
import { useStaff } from '../auth/session';
import { date, plural } from '../format';
import { ErrorNotice, Loading, Notice } from '../ui/Notice';
import { Table } from '../ui/Table';
import { letterUrl, useAwaitingConfirmation, useRefreshGiftAid, useSendConfirmation } from './queries';
import { declaredName, scopeWords } from './words';

/**
 * Oral declarations cover nothing until the donor has been sent a written confirmation (HMRC):
 * emailed in one go to those with an email address, or printed and posted by hand.
 */
export function AwaitingConfirmation() {
  const staff = useStaff();
  const writable = can(staff.role, 'donations:write');
  const awaiting = useAwaitingConfirmation();
  const refresh = useRefreshGiftAid();
  const sendAll = useMutation({
    mutationFn: () => unwrap(donationsApi.POST('/gift-aid/declarations/confirmations')),
    onSuccess: refresh,
  });
  const sendOne = useSendConfirmation();
  const items = awaiting.data?.items ?? [];
  const emailable = items.filter((item) => item.canEmail).length;
  return (
    <section aria-labelledby="awaiting-title">
      <h2 id="awaiting-title">Declarations awaiting confirmation</h2>
      <p className="lede">
        A declaration made by phone or in person counts only once the donor has been sent a written
        confirmation, which gives them 30 days to cancel.
      </p>
      <ErrorNotice error={awaiting.error ?? sendAll.error ?? sendOne.error} />
      {sendAll.data && (
        <Notice kind="success">
          {`Confirmation emailed to ${plural(sendAll.data.emailed.length, 'donor')}.`}
          {sendAll.data.needLetter.length > 0 &&
            ` ${plural(sendAll.data.needLetter.length, 'donor has', 'donors have')} no email address: print their letter and post it.`}
        </Notice>
      )}
      {awaiting.isPending && <Loading what="Loading the declarations" />}
      {awaiting.data && items.length === 0 && (
        <p className="muted">None: every oral declaration has had its written confirmation.</p>
      )}
      {items.length > 0 && (
        <>
          {writable && (
            <div className="actions send-all">
              <button
                type="button"
                className="primary"
                disabled={sendAll.isPending || emailable === 0}
                onClick={() => sendAll.mutate()}
              >
                {sendAll.isPending ? 'Sending…' : 'Send confirmations'}
              </button>
              <span className="muted">
                {emailable > 0
                  ? `Emails the ${plural(emailable, 'donor')} with an email address.`
                  : 'No donor here has an email address: post their letters.'}
              </span>
            </div>
          )}
          <Table
            caption="Oral declarations waiting for their written confirmation"
            columns={['Donor', 'Declared on', 'Covers', 'Can be sent by', { label: 'Actions', hidden: true }]}
          >
            {items.map((item) => (
              <tr key={item.id}>
                <td className="nowrap">
                  {item.supporterId ? (
                    <Link to={`/supporters/${item.supporterId}`}>{declaredName(item)}</Link>
                  ) : (
                    declaredName(item)
                  )}
                </td>
                <td className="nowrap">{date(item.declaredAt)}</td>
                <td>{scopeWords(item)}</td>
                <td>{item.canEmail ? 'Email or post' : 'Post only'}</td>
                <td>
                  <div className="row-actions">
                    <a href={letterUrl(item.id)} target="_blank" rel="noreferrer">
                      Print letter<span className="visually-hidden"> for {declaredName(item)}</span>
                    </a>
                    {writable && (
                      <button
                        type="button"
                        disabled={sendOne.isPending}
                        onClick={() => sendOne.mutate({ id: item.id, channel: 'post' })}
                      >
                        Mark letter posted<span className="visually-hidden"> to {declaredName(item)}</span>
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </section>
  );
}
