import { AuditEntry } from './platform/audit-entry.entity';
import { StaffInvitation } from './console/staff-invitation.entity';
import { StaffSession } from './console/staff-session.entity';
import { StaffUser } from './console/staff-user.entity';
import { StaffToken } from './platform/staff-token.entity';
import { ConsentEvent } from './supporters/consent-event.entity';
import { ContactPreferenceEvent } from './supporters/contact-preference-event.entity';
import { ContactPreference } from './supporters/contact-preference.entity';
import { ErasedEmail } from './supporters/erased-email.entity';
import { FpsRequest } from './supporters/fps-request.entity';
import { NewsletterSubscription } from './supporters/newsletter-subscription.entity';
import { SubscriptionConfirmation } from './supporters/subscription-confirmation.entity';
import { SupporterImport } from './supporters/supporter-import.entity';
import { SupporterImportChunk } from './supporters/supporter-import-chunk.entity';
import { Supporter } from './supporters/supporter.entity';
import { SoftOptIn } from './supporters/soft-opt-in.entity';
import { Topic } from './supporters/topic.entity';
import { TopicSubscription } from './supporters/topic-subscription.entity';
import { Donation } from './donations/donation.entity';
import { DonationImport } from './donations/donation-import.entity';
import { DonationImportChunk } from './donations/donation-import-chunk.entity';
import { GiftAidClaimItem } from './donations/gift-aid-claim-item.entity';
import { GiftAidClaim } from './donations/gift-aid-claim.entity';
import { GiftAidDeclaration } from './donations/gift-aid-declaration.entity';
import { RecurringDonation } from './donations/recurring-donation.entity';
import { StripeChargeAdjustment } from './donations/stripe-charge-adjustment.entity';
import { StripeEventRecord } from './donations/stripe-event.entity';
import { StripeInvoicePayment } from './donations/stripe-invoice-payment.entity';
import { Segment } from './segments/segment.entity';
import { SegmentUse } from './segments/segment-use.entity';
import { SupporterGiving } from './segments/supporter-giving.entity';
import { CampaignBatch } from './mailer/campaign-batch.entity';
import { CampaignBatchMembers } from './mailer/campaign-batch-members.entity';
import { CampaignRecipient } from './mailer/campaign-recipient.entity';
import { CampaignRecipientCount } from './mailer/campaign-recipient-count.entity';
import { CampaignNotification } from './mailer/campaign-notification.entity';
import { Campaign } from './mailer/campaign.entity';
import { EmailEvent } from './mailer/email-event.entity';
import { OutboxMessage } from './mailer/outbox-message.entity';
import { Suppression } from './mailer/suppression.entity';
import { TransactionalMessage } from './mailer/transactional-message.entity';

/** Every mapped entity, for the data source. Each app reads all of them and writes only its own. */
export const ALL_ENTITIES = [
  AuditEntry,
  StaffToken,
  StaffUser,
  StaffSession,
  StaffInvitation,
  ConsentEvent,
  ContactPreference,
  ContactPreferenceEvent,
  FpsRequest,
  ErasedEmail,
  NewsletterSubscription,
  SubscriptionConfirmation,
  SupporterImport,
  SupporterImportChunk,
  Supporter,
  Topic,
  TopicSubscription,
  SoftOptIn,
  Donation,
  DonationImport,
  DonationImportChunk,
  GiftAidClaimItem,
  GiftAidClaim,
  GiftAidDeclaration,
  RecurringDonation,
  StripeEventRecord,
  StripeChargeAdjustment,
  StripeInvoicePayment,
  Segment,
  SegmentUse,
  SupporterGiving,
  CampaignBatch,
  CampaignBatchMembers,
  CampaignRecipient,
  CampaignRecipientCount,
  CampaignNotification,
  Campaign,
  EmailEvent,
  OutboxMessage,
  Suppression,
  TransactionalMessage,
];
