import { useQuery } from '@tanstack/react-query';
import { donationsApi, unwrap } from '../api/clients';
import { date, money, plural, ukFromIsoDate } from '../format';
import { ErrorNotice, Loading } from '../ui/Notice';
import { Pager, useCursorPages } from '../ui/Pager';
import { Table } from '../ui/Table';
import { GIFT_AID, useEligibleSummary } from './queries';
import { declaredName } from './words';

/**
 * Step 1: the gifts a claim made now would hold, with the donor as their declaration names them
 * and the last day HMRC takes a claim for each.
 */
export function ReviewGifts({ onNext }: { onNext(): void }) {
  const summary = useEligibleSummary();
  const pages = useCursorPages();
  const gifts = useQuery({
    queryKey: [...GIFT_AID, 'eligible', pages.cursor],
    queryFn: () =>
      unwrap(
        donationsApi.GET('/gift-aid/eligible', {
          params: { query: { limit: 50, ...(pages.cursor && { cursor: pages.cursor }) } },
        }),
      ),
  });
  const ready = summary.data;
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">Review the gifts</h2>
      {ready && (
        <p className="lede">
          {ready.count === 0
            ? 'No gift is ready to claim.'
            : `${plural(ready.count, 'gift')} totalling ${money(ready.totalAmount, ready.currency)} can be claimed, worth ${money(ready.giftAidAmount, ready.currency)} in Gift Aid. Each is covered by a declaration and in no other claim.`}
        </p>
      )}
      <ErrorNotice error={summary.error ?? gifts.error} />
      {gifts.isPending && <Loading what="Loading the gifts" />}
      {gifts.data && gifts.data.items.length > 0 && (
        <>
          <Table
            caption="Gifts ready to claim"
            columns={[
              'Donor',
              'House name or number',
              'Postcode',
              'Date given',
              'Claim by',
              { label: 'Amount', number: true },
            ]}
          >
            {gifts.data.items.map((gift) => (
              <tr key={gift.donationId}>
                <td>{declaredName(gift)}</td>
                <td>{gift.houseNameOrNumber}</td>
                <td>{gift.postcode}</td>
                <td>{date(gift.paidAt)}</td>
                <td>{ukFromIsoDate(gift.claimBy)}</td>
                <td className="number">{money(gift.amount, gift.currency)}</td>
              </tr>
            ))}
          </Table>
          {(pages.page > 1 || gifts.data.nextCursor) && (
            <Pager
              pages={pages}
              nextCursor={gifts.data.nextCursor}
              label="Pages of gifts"
              previousLabel="Previous gifts"
              nextLabel="More gifts"
              showPage
            />
          )}
        </>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={!ready || ready.count === 0} onClick={onNext}>
          Next: create the claim
        </button>
      </div>
    </section>
  );
}
