import {
  CONSENT_EVENT_KINDS,
  DONATION_FREQUENCIES,
  DONATION_STATUSES,
  SUBSCRIPTION_STATUSES,
} from '@crm/entities';

/** How many gifts a profile lists. */
export const PROFILE_GIFTS = 100;
import { ApiProperty } from '@nestjs/swagger';
import { ContactPreferencesDto } from '../../contact-preferences/dto/contact-preferences.dto';

export class SubscriptionDto {
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) requestedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) unsubscribedAt!: string | null;
}

export class ConsentEventDto {
  @ApiProperty({ enum: CONSENT_EVENT_KINDS }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent!: string | null;
  @ApiProperty({ type: String, nullable: true }) wording!: string | null;
  @ApiProperty({ type: String, nullable: true }) wordingHash!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      "The wording's number in the order the organisation first recorded each wording (1 = the first ever): " +
      '"wording v2". Null when the event carries no wording (an import, a confirmation).',
  })
  wordingVersion!: number | null;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
}

export class DonationTotalDto {
  @ApiProperty({ example: 'gbp' }) currency!: string;
  @ApiProperty({ description: 'Minor units, net of refunds.' }) amount!: number;
  @ApiProperty() count!: number;
}

export class LastGiftDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() amount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ format: 'date-time' }) paidAt!: string;
}

export class GiftDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Minor units, as given.' }) amount!: number;
  @ApiProperty({ description: 'Minor units refunded so far.' }) refundedAmount!: number;
  @ApiProperty({ example: 'gbp' }) currency!: string;
  @ApiProperty({ enum: DONATION_FREQUENCIES, description: '`monthly`: an instalment of a monthly gift.' })
  frequency!: string;
  @ApiProperty({ enum: DONATION_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true }) campaign!: string | null;
  @ApiProperty({ description: 'Made under a Gift Aid declaration.' }) giftAid!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) paidAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MonthlyGiftDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['incomplete', 'active', 'past_due', 'cancelled'] }) status!: string;
  @ApiProperty() amount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt!: string | null;
}

export class DonationSummaryDto {
  @ApiProperty({ type: [DonationTotalDto] }) totals!: DonationTotalDto[];
  @ApiProperty({ type: LastGiftDto, nullable: true }) lastGift!: LastGiftDto | null;
  @ApiProperty({ type: [MonthlyGiftDto] }) monthlyGifts!: MonthlyGiftDto[];
  @ApiProperty({
    type: [GiftDto],
    description: `The ${PROFILE_GIFTS} most recent gifts and instalments of any status, newest first.`,
  })
  gifts!: GiftDto[];
}

export class EmailReceivedDto {
  @ApiProperty({ enum: ['transactional', 'campaign'] }) kind!: 'transactional' | 'campaign';
  @ApiProperty({ description: 'Template name or campaign name.' }) name!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
}

export class PostalAddressViewDto {
  @ApiProperty({ type: [String] }) lines!: string[];
  @ApiProperty({ type: String, nullable: true }) town!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A GB postcode normalised ("SW1A 1AA").' })
  postcode!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 3166-1 alpha-2.' }) country!: string | null;
}

export class SupporterPersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName!: string | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) erasedAt!: string | null;
  @ApiProperty({ type: PostalAddressViewDto, nullable: true }) address!: PostalAddressViewDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'E.164, e.g. +447911123456.' }) phone!:
    string | null;
  @ApiProperty({ description: 'Their death is recorded: no contact of any kind, in no audience.' })
  deceased!: boolean;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dateOfDeath!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the death was recorded.',
  })
  deceasedAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'This record was a duplicate merged into that one, where its history now is.',
  })
  mergedIntoId!: string | null;
}

export class SupporterProfileDto extends SupporterPersonDto {
  @ApiProperty({ type: SubscriptionDto, nullable: true }) subscription!: SubscriptionDto | null;
  @ApiProperty({ type: DonationSummaryDto }) donations!: DonationSummaryDto;
  @ApiProperty({ type: [ConsentEventDto] }) consentHistory!: ConsentEventDto[];
  @ApiProperty({ type: [EmailReceivedDto] }) emailsReceived!: EmailReceivedDto[];
  @ApiProperty({ type: ContactPreferencesDto }) contactPreferences!: ContactPreferencesDto;
}
