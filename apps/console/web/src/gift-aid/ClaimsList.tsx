import { Link } from 'react-router-dom';
import { count, date, money } from '../format';
import { ErrorNotice, Loading } from '../ui/Notice';
import { Table } from '../ui/Table';
import { ClaimStatusBadge } from './ClaimStatusBadge';
import { useClaims } from './queries';

/** Every claim, newest first, with where it stands at HMRC. */
export function ClaimsList() {
  const claims = useClaims();
  return (
    <section aria-labelledby="claims-title">
      <h2 id="claims-title">Claims</h2>
      <ErrorNotice error={claims.error} />
      {claims.isPending && <Loading what="Loading the claims" />}
      {claims.data && claims.data.items.length === 0 && (
        <p className="muted">No claims yet. Start one from the gifts ready to claim.</p>
      )}
      {claims.data && claims.data.items.length > 0 && (
        <Table
          scrollHint
          columns={[
            'Claim',
            'Status',
            { label: 'Gifts', number: true },
            { label: 'Total given', number: true },
            { label: 'Gift Aid', number: true },
            { label: 'Adjustments', number: true },
            'HMRC reference',
            'Submitted',
            'Paid',
          ]}
        >
          {claims.data.items.map((claim) => (
            <tr key={claim.id}>
              <td className="nowrap">
                <Link to={`/gift-aid/claims/${claim.id}`}>Claim of {date(claim.createdAt)}</Link>
              </td>
              <td>
                <ClaimStatusBadge status={claim.status} />
              </td>
              <td className="number">{count(claim.donationCount)}</td>
              <td className="number">{money(claim.totalAmount, claim.currency)}</td>
              <td className="number">{money(claim.giftAidAmount, claim.currency)}</td>
              <td className="number">
                {claim.adjustmentAmount > 0
                  ? `−${money(claim.adjustmentGiftAidAmount, claim.currency)}`
                  : 'None'}
              </td>
              <td>{claim.hmrcReference ?? <span className="muted">Not yet</span>}</td>
              <td className="nowrap">{date(claim.submittedAt)}</td>
              <td className="nowrap">{date(claim.paidAt)}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
