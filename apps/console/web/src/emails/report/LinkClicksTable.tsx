import { count } from '../../format';
import { Table } from '../../ui/Table';
import type { LinkClicks } from './report';

/** A link as people write it: without "https://" or a lone trailing slash. */
const readableUrl = (url: string) => url.replace(/^https?:\/\//, '').replace(/^([^/?#]+)\/$/, '$1');

/** Clicks per link in the email, most clicked first. */
export function LinkClicksTable({ links, tracked }: { links: LinkClicks[]; tracked: boolean }) {
  if (links.length === 0) {
    return (
      <p className="empty">
        {tracked
          ? 'Nobody has clicked a link yet.'
          : 'Click tracking was off for this email, so clicks on its links are not known.'}
      </p>
    );
  }
  return (
    <Table
      caption="Clicks per link, most clicked first"
      columns={['Link', { label: 'Clicks', number: true }, { label: 'People who clicked', number: true }]}
    >
      {links.map((link) => (
        <tr key={link.url}>
          <td className="wrap">
            <a href={link.url} target="_blank" rel="noreferrer noopener">
              {readableUrl(link.url)}
            </a>
          </td>
          <td className="number">{count(link.clicks)}</td>
          <td className="number">{count(link.uniqueClickers)}</td>
        </tr>
      ))}
    </Table>
  );
}
