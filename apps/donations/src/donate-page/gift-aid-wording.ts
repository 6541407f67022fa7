/**
 * HMRC's model Gift Aid declaration (detailed guidance for charities, chapter 3, "model
 * declarations"), for a declaration covering this gift, future gifts and those of the past 4 years.
 * The version is what GIFT_AID_WORDING_VERSION records with each declaration; a change of wording
 * needs a new version.
 */
export const GIFT_AID_WORDING: Record<
  string,
  { intro: string; declaration: (charity: string) => string; notes: string[] }
> = {
  'hmrc-2024-1': {
    intro:
      'Boost your donation by 25p of Gift Aid for every £1 you donate. Gift Aid is reclaimed by the charity from the tax you pay for the current tax year. Your address is needed to identify you as a current UK taxpayer.',
    declaration: (charity) =>
      `I want to Gift Aid my donation and any donations I make in the future or have made in the past 4 years to ${charity}. I am a UK taxpayer and understand that if I pay less Income Tax and/or Capital Gains Tax than the amount of Gift Aid claimed on all my donations in that tax year it is my responsibility to pay any difference.`,
    notes: [
      'Please tell us if you want to cancel this declaration, change your name or home address, or no longer pay sufficient tax on your income and/or capital gains.',
      'If you pay Income Tax at the higher or additional rate and want to receive the additional tax relief due to you, you must include all your Gift Aid donations on your Self Assessment tax return or ask HM Revenue and Customs to adjust your tax code.',
      'Other taxes such as VAT and Council Tax do not count. Gift Aid can only be claimed on your own money, not on a gift made for someone else or in return for goods or services.',
    ],
  },
};

/** The wording for a version, falling back to the current model wording for an unknown version. */
export const giftAidWording = (version: string) =>
  GIFT_AID_WORDING[version] ?? GIFT_AID_WORDING['hmrc-2024-1']!;

/** The marketing question on the donate page, recorded with the checkout when ticked. */
export const MARKETING_WORDING_VERSION = 'donate-page-2026-1';
export const marketingWording = (charity: string): string =>
  `Yes, email me news about ${charity}'s work, campaigns and appeals. I can unsubscribe at any time.`;

/**
 * The charity soft opt-in notice (PECR reg. 22(3A)): shown with its opt-out box to a donor who
 * does not tick the marketing box; recorded with the checkout either way.
 */
export const SOFT_OPT_IN_WORDING_VERSION = 'donate-page-soft-opt-in-2026-1';
export const softOptInWording = (charity: string): string =>
  `If you do not tick the box above, we may still email you about ${charity}'s own appeals and campaigns, because you have given to us. Every email lets you stop them with one click.`;
export const SOFT_OPT_OUT_LABEL = 'No thanks: do not email me about your appeals and campaigns.';
