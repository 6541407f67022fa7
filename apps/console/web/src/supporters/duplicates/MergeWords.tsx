import { personName } from '../../format';

export interface MergeParty {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

const described = (person: MergeParty) =>
  `${personName(person.firstName, person.lastName, 'No name')}${person.email ? ` (${person.email})` : ''}`;

/** What a merge keeps and moves, for its confirmation (the same words wherever a merge starts). */
export function MergeWords({ keep, other }: { keep: MergeParty; other: MergeParty }) {
  return (
    <>
      <p>
        Keeps <strong>{described(keep)}</strong> and moves onto it from <strong>{described(other)}</strong>:
      </p>
      <ul>
        <li>gifts, monthly gifts and Gift Aid declarations</li>
        <li>
          consent history, contact preferences and FPS requests (a channel either refused stays refused)
        </li>
        <li>emails sent and their history</li>
        <li>tags and notes; its name, address and phone where the kept record has none</li>
      </ul>
      <p>
        The other record stays only as a pointer to the kept one. Its email address is not mailed. This cannot
        be undone.
      </p>
    </>
  );
}
