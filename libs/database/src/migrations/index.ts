import { CoreSchema1764300000000 } from './1764300000000-core-schema';
import { DonationProcessing1764400000000 } from './1764400000000-donation-processing';
import { DonationLookups1764400000001 } from './1764400000001-donation-lookups';
import { SupporterImports1764500000000 } from './1764500000000-supporter-imports';
import { Segments1764600000000 } from './1764600000000-segments';
import { MailerDispatch1764700000000 } from './1764700000000-mailer-dispatch';
import { CampaignRecipientsHotUpdates1764700000001 } from './1764700000001-campaign-recipients-hot-updates';
import { CampaignRecipientsLeanFreeze1764710000000 } from './1764710000000-campaign-recipients-lean-freeze';
import { CampaignRecipientsRoomForSent1764710000001 } from './1764710000001-campaign-recipients-room-for-sent';
import { SupporterGiving1764800000000 } from './1764800000000-supporter-giving';
import { MailableSubscriptions1764800000001 } from './1764800000001-mailable-subscriptions';
import { SupporterGivingLocks1764800000002 } from './1764800000002-supporter-giving-locks';
import { CampaignRecipientsSupporterFirstKey1764900000000 } from './1764900000000-campaign-recipients-supporter-first-key';
import { SupporterGivingSkipUntouched1764900000001 } from './1764900000001-supporter-giving-skip-untouched';
import { SubscriptionConfirmations1764900000002 } from './1764900000002-subscription-confirmations';
import { StripeInvoicePayments1764900000003 } from './1764900000003-stripe-invoice-payments';
import { CampaignBatchesRequeued1764900000004 } from './1764900000004-campaign-batches-requeued';
import { DepartureIndexes1764900000005 } from './1764900000005-departure-indexes';
import { DonorForgotten1765000000000 } from './1765000000000-donor-forgotten';
import { SupporterNewsletterConfirmed1765100000000 } from './1765100000000-supporter-newsletter-confirmed';
import { ForgottenDonorStripeIds1765100000001 } from './1765100000001-forgotten-donor-stripe-ids';
import { DonorLinkVersion1765200000000 } from './1765200000000-donor-link-version';
import { StaffConsole1765300000000 } from './1765300000000-staff-console';
import { SupporterSearch1765400000000 } from './1765400000000-supporter-search';
import { ConsentWordingVersions1765400000001 } from './1765400000001-consent-wording-versions';
import { CampaignTracking1765700000000 } from './1765700000000-campaign-tracking';
import { EmailEventClickUrls1765800000000 } from './1765800000000-email-event-click-urls';
import { Topics1766400000000 } from './1766400000000-topics';
import { CampaignTopic1766400000001 } from './1766400000001-campaign-topic';
import { SoftOptIn1766400000002 } from './1766400000002-soft-opt-in';
import { CampaignRecipientCounts1765900000000 } from './1765900000000-campaign-recipient-counts';
import { CampaignNotifications1765900000001 } from './1765900000001-campaign-notifications';
import { CampaignAudienceUse1765900000002 } from './1765900000002-campaign-audience-use';
import { SegmentUses1765910000000 } from './1765910000000-segment-uses';
import { OfflineGifts1766000000000 } from './1766000000000-offline-gifts';
import { GiftAidDeclarationsAndClaims1766100000000 } from './1766100000000-gift-aid-declarations-and-claims';
import { FullerSupporterRecord1766200000000 } from './1766200000000-fuller-supporter-record';
import { DeparturesByDeathAndRefusal1766200000001 } from './1766200000001-departures-by-death-and-refusal';
import { SupporterGivingAddedGifts1766500000000 } from './1766500000000-supporter-giving-added-gifts';
import { DonationsPartialStripeIndexes1766500000001 } from './1766500000001-donations-partial-stripe-indexes';
import { SupporterGivingUpsertRecount1766500000002 } from './1766500000002-supporter-giving-upsert-recount';
import { CampaignBatchLeases1766700000000 } from './1766700000000-campaign-batch-leases';
import { TimeOrderedUuid1766900000000 } from './1766900000000-time-ordered-uuid';
import { DonationsPartialStripeKeys1766900000001 } from './1766900000001-donations-partial-stripe-keys';
import { ImportUploadChunks1767100000000 } from './1767100000000-import-upload-chunks';
import { DonationsLeanIndexes1767310000000 } from './1767310000000-donations-lean-indexes';
import { SupportersNewestFirstIndex1767400000000 } from './1767400000000-supporters-newest-first-index';
import { SupportersOneEmailIndex1767500000000 } from './1767500000000-supporters-one-email-index';
import { CampaignBatchMembers1767300000000 } from './1767300000000-campaign-batch-members';
import { CampaignBatchMemberAddresses1767300000001 } from './1767300000001-campaign-batch-member-addresses';

/** Every migration in order. Listed explicitly so compiled and test runs see the same set. */
export const MIGRATIONS = [
  CoreSchema1764300000000,
  DonationProcessing1764400000000,
  DonationLookups1764400000001,
  SupporterImports1764500000000,
  Segments1764600000000,
  MailerDispatch1764700000000,
  CampaignRecipientsHotUpdates1764700000001,
  CampaignRecipientsLeanFreeze1764710000000,
  CampaignRecipientsRoomForSent1764710000001,
  SupporterGiving1764800000000,
  MailableSubscriptions1764800000001,
  SupporterGivingLocks1764800000002,
  CampaignRecipientsSupporterFirstKey1764900000000,
  SupporterGivingSkipUntouched1764900000001,
  SubscriptionConfirmations1764900000002,
  StripeInvoicePayments1764900000003,
  CampaignBatchesRequeued1764900000004,
  DepartureIndexes1764900000005,
  DonorForgotten1765000000000,
  SupporterNewsletterConfirmed1765100000000,
  ForgottenDonorStripeIds1765100000001,
  DonorLinkVersion1765200000000,
  StaffConsole1765300000000,
  SupporterSearch1765400000000,
  ConsentWordingVersions1765400000001,
  CampaignTracking1765700000000,
  EmailEventClickUrls1765800000000,
  CampaignRecipientCounts1765900000000,
  CampaignNotifications1765900000001,
  CampaignAudienceUse1765900000002,
  SegmentUses1765910000000,
  OfflineGifts1766000000000,
  GiftAidDeclarationsAndClaims1766100000000,
  FullerSupporterRecord1766200000000,
  DeparturesByDeathAndRefusal1766200000001,
  Topics1766400000000,
  CampaignTopic1766400000001,
  SoftOptIn1766400000002,
  SupporterGivingAddedGifts1766500000000,
  DonationsPartialStripeIndexes1766500000001,
  SupporterGivingUpsertRecount1766500000002,
  CampaignBatchLeases1766700000000,
  TimeOrderedUuid1766900000000,
  DonationsPartialStripeKeys1766900000001,
  ImportUploadChunks1767100000000,
  CampaignBatchMembers1767300000000,
  CampaignBatchMemberAddresses1767300000001,
  DonationsLeanIndexes1767310000000,
  SupportersNewestFirstIndex1767400000000,
  SupportersOneEmailIndex1767500000000,
];
