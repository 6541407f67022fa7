import { CONTACT_BASES, CONTACT_CHANNELS, CONTACT_STATUSES } from '@crm/entities';
import { ApiProperty } from '@nestjs/swagger';

export class ChannelPreferenceDto {
  @ApiProperty({ enum: CONTACT_CHANNELS }) channel!: string;
  @ApiProperty({
    enum: [...CONTACT_STATUSES, 'not_recorded'],
    description: '`not_recorded`: no preference was ever recorded for this channel.',
  })
  status!: string;
  @ApiProperty({ enum: CONTACT_BASES, nullable: true, type: String }) basis!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
  @ApiProperty({
    description:
      'Whether the organisation may use this channel now: never when deceased or erased, nor when refused; ' +
      'post and phone need an address or number; email also needs a confirmed newsletter subscription.',
  })
  contactable!: boolean;
}

export class ContactPreferenceEventDto {
  @ApiProperty({ enum: CONTACT_CHANNELS }) channel!: string;
  @ApiProperty({ enum: CONTACT_STATUSES }) status!: string;
  @ApiProperty({ enum: CONTACT_BASES }) basis!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The staff member who recorded it.' })
  recordedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
}

export class FpsRequestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: "The Fundraising Preference Service's reference." }) reference!: string;
  @ApiProperty({ format: 'date', description: 'The day the organisation received the request.' })
  receivedOn!: string;
  @ApiProperty({ enum: CONTACT_CHANNELS, isArray: true }) channels!: string[];
  @ApiProperty({
    format: 'date',
    description: 'receivedOn + 28 days: the Code of Fundraising Practice deadline to stop contact.',
  })
  deadline!: string;
  @ApiProperty({ type: String, nullable: true }) recordedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class ContactPreferencesDto {
  @ApiProperty({
    type: [ChannelPreferenceDto],
    description: 'One entry per channel: email, post, phone, sms.',
  })
  channels!: ChannelPreferenceDto[];
  @ApiProperty({ type: [ContactPreferenceEventDto], description: 'Every change, oldest first.' })
  history!: ContactPreferenceEventDto[];
  @ApiProperty({
    type: [FpsRequestDto],
    description: 'Fundraising Preference Service requests, newest first.',
  })
  fpsRequests!: FpsRequestDto[];
}
