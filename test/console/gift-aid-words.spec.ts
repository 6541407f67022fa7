import { isoFromUkDate } from '../../apps/console/web/src/format';
import {
  dayForApi,
  type Declaration,
  declarationStatus,
  type EligibleSummary,
  scopeWords,
  timeLimitWords,
  ukToday,
} from '../../apps/console/web/src/gift-aid/words';

/** How the console's Gift Aid screens put declarations and typed dates (the browser suite sees one case of each). */
const NOW = new Date('2026-12-06T14:00:00Z');

function declaration(overrides: Partial<Declaration>): Declaration {
  return {
    id: '6f1c0e4e-0d51-4d0e-9a4b-0f7f5a0b1c2d',
    supporterId: null,
    method: 'written',
    scope: 'supporter_gifts',
    declaredAt: '2026-12-01T10:00:00Z',
    title: null,
    firstName: 'Ada',
    lastName: 'Lovelace',
    houseNameOrNumber: '12',
    postcode: 'N1 1AA',
    wordingVersion: 'v1',
    coversFrom: null,
    coversFuture: true,
    coverage: '',
    evidenceNote: null,
    cancelledAt: null,
    confirmationSentAt: null,
    confirmationChannel: null,
    awaitingConfirmation: false,
    createdBy: null,
    createdAt: '2026-12-01T10:00:00Z',
    ...overrides,
  };
}

describe('Gift Aid words in the console', () => {
  it('says what a declaration covers the way staff say it', () => {
    expect(scopeWords(declaration({ coversFrom: '2025-01-01T00:00:00Z' }))).toBe(
      'All gifts from 01/01/2025 and future gifts',
    );
    expect(scopeWords(declaration({}))).toBe('All gifts from 01/12/2026 and future gifts');
    expect(scopeWords(declaration({ coversFrom: '2024-06-30T23:00:00Z', coversFuture: false }))).toBe(
      'Gifts from 01/07/2024 to 01/12/2026',
    );
    expect(scopeWords(declaration({ scope: 'this_gift' }))).toBe('Only the gift it was made for');
  });

  it('says an unconfirmed oral declaration is not in force, and how a confirmed one was sent', () => {
    expect(declarationStatus(declaration({ method: 'oral', awaitingConfirmation: true }), NOW)).toBe(
      'Not in force: waiting for its written confirmation',
    );
    expect(
      declarationStatus(
        declaration({
          method: 'oral',
          confirmationSentAt: '2026-12-02T09:00:00Z',
          confirmationChannel: 'post',
        }),
        NOW,
      ),
    ).toBe('In force (confirmation letter posted on 02/12/2026)');
    expect(declarationStatus(declaration({ cancelledAt: '2026-12-03T00:00:00Z' }), NOW)).toBe(
      'Cancelled from 03/12/2026',
    );
    expect(declarationStatus(declaration({ cancelledAt: '2027-01-01T00:00:00Z' }), NOW)).toBe(
      'In force; cancelled from 01/01/2027',
    );
    expect(declarationStatus(declaration({}), NOW)).toBe('In force');
  });

  it('reads dates typed the UK way, and refuses other forms and days that do not exist', () => {
    expect(isoFromUkDate('01/12/2026')).toBe('2026-12-01');
    expect(isoFromUkDate(' 6/7/2025 ')).toBe('2025-07-06');
    expect(isoFromUkDate('2026-12-01')).toBeNull();
    expect(isoFromUkDate('31/02/2026')).toBeNull();
    expect(isoFromUkDate('12/31/2026')).toBeNull();
    expect(dayForApi('')).toEqual({});
    // Today is sent as nothing, so the app records now rather than a midnight already past.
    expect(dayForApi(ukToday())).toEqual({});
    expect(dayForApi('01/12/2025')).toEqual({ value: '2025-12-01' });
    expect(dayForApi('tomorrow')).toBe('invalid');
  });

  it("says HMRC's time limit plainly: when to claim by, and the gifts and Gift Aid already lost", () => {
    const summary = (overrides: Partial<EligibleSummary['timeLimit']>, oldestClaimBy: string | null) =>
      ({
        count: oldestClaimBy ? 2 : 0,
        totalAmount: 7_000,
        giftAidAmount: 1_750,
        currency: 'gbp',
        oldestClaimBy,
        timeLimit: {
          years: 4,
          receivedSince: '2022-03-31T23:00:00.000Z',
          lostCount: 0,
          lostAmount: 0,
          lostGiftAidAmount: 0,
          ...overrides,
        },
      }) satisfies EligibleSummary;
    expect(timeLimitWords(summary({}, '2027-03-31'))).toEqual({
      claimBy: 'Claim by 31/03/2027 to include the oldest of these gifts.',
      anyLost: false,
      lost: "No Gift Aid lost to HMRC's time limit. A claim made today can include gifts received from 01/04/2022.",
    });
    expect(
      timeLimitWords(
        summary({ lostCount: 1_234, lostAmount: 12_345_050, lostGiftAidAmount: 3_086_262 }, null),
      ),
    ).toEqual({
      claimBy: null,
      anyLost: true,
      lost:
        'Too late to claim: 1,234 gifts with a declaration were received before 01/04/2022. ' +
        'HMRC accepts a claim only within 4 years of the end of the accounting year a gift came in, ' +
        'so £30,862.62 of Gift Aid on £123,450.50 of gifts is lost.',
    });
  });
});
