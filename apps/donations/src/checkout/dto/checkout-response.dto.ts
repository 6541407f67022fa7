import { DONATION_FREQUENCIES, type DonationFrequency } from '@crm/entities';
import { ApiProperty } from '@nestjs/swagger';

export class CheckoutResponseDto {
  @ApiProperty({ description: 'Stripe Checkout Session id' }) id!: string;
  @ApiProperty({ description: 'Where to send the donor to pay' }) url!: string;
  @ApiProperty({ description: 'The gift, minor units' }) amount!: number;
  @ApiProperty({ description: 'Processing fee the donor chose to cover, minor units' }) feeAmount!: number;
  @ApiProperty({ description: 'What the donor is charged (per month for monthly gifts)' })
  totalAmount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: DONATION_FREQUENCIES }) frequency!: DonationFrequency;
}
