import type { Donation } from '@crm/entities';
import type { DonationDto } from './dto/donation.dto';

/** A donation row as staff routes answer it (lists, a gift's page, a gift just recorded). */
export const toDonationDto = (donation: Donation): DonationDto => ({
  id: donation.id,
  supporterId: donation.supporterId,
  email: donation.email,
  donorName: donation.donorName,
  amount: donation.amount,
  feeAmount: donation.feeAmount,
  currency: donation.currency,
  frequency: donation.frequency,
  status: donation.status,
  refundedAmount: donation.refundedAmount,
  disputeStatus: donation.disputeStatus,
  campaign: donation.campaign,
  recurringDonationId: donation.recurringDonationId,
  giftAid: donation.giftAidDeclarationId !== null,
  method: donation.method,
  reference: donation.reference,
  giftAidApplies: donation.giftAidApplies,
  recordedBy: donation.recordedBy,
  paidAt: donation.paidAt?.toISOString() ?? null,
  createdAt: donation.createdAt.toISOString(),
});
