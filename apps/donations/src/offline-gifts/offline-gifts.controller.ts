import { CurrentStaff, RequirePermission, type StaffPrincipal } from '@crm/auth';
import { fieldError, UuidParam } from '@crm/platform';
import { Body, Controller, Delete, Headers, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DonationDto } from '../donations/dto/donation.dto';
import { CreateOfflineGiftDto, UpdateOfflineGiftDto } from './dto/offline-gift.dto';
import { OfflineGiftsService } from './offline-gifts.service';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,200}$/;

@ApiTags('donations')
@ApiBearerAuth()
@Controller('donations')
export class OfflineGiftsController {
  constructor(private readonly gifts: OfflineGiftsService) {}

  @Post()
  @HttpCode(201)
  @RequirePermission('donations:write')
  @ApiOperation({ summary: 'Records a gift received outside Stripe (cheque, cash, transfer, platform…).' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A repeat with the same key records nothing more',
  })
  @ApiCreatedResponse({ type: DonationDto })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used for a different gift' })
  create(
    @Body() body: CreateOfflineGiftDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<DonationDto> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
      throw fieldError('Idempotency-Key', '8-200 letters, digits, - or _');
    return this.gifts.create(body, idempotencyKey ?? null, staff.name);
  }

  @Patch(':id')
  @RequirePermission('donations:write')
  @ApiOperation({
    summary: 'Corrects an offline gift; 409 once it is in a Gift Aid claim, or for a Stripe gift.',
  })
  @ApiOkResponse({ type: DonationDto })
  @ApiConflictResponse({ description: 'In a Gift Aid claim, or paid through Stripe' })
  update(@UuidParam('id') id: string, @Body() body: UpdateOfflineGiftDto): Promise<DonationDto> {
    return this.gifts.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('donations:write')
  @ApiOperation({ summary: 'Deletes an offline gift entered in error; 409 once it is in a Gift Aid claim.' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'In a Gift Aid claim, or paid through Stripe' })
  remove(@UuidParam('id') id: string): Promise<void> {
    return this.gifts.remove(id);
  }
}
