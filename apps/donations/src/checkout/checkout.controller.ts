import { randomUUID } from 'node:crypto';
import { Public } from '@crm/auth';
import { BadRequestException, Body, Controller, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { RetryAfterThrottlerGuard } from '@crm/platform';
import { CheckoutService } from './checkout.service';
import { CheckoutRequestDto } from './dto/checkout-request.dto';
import { CheckoutResponseDto } from './dto/checkout-response.dto';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,200}$/;

@ApiTags('checkout')
@Controller('checkout')
export class CheckoutController {
  constructor(private readonly checkout: CheckoutService) {}

  @Public()
  @Post()
  @UseGuards(RetryAfterThrottlerGuard)
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat a request safely' })
  @ApiCreatedResponse({ type: CheckoutResponseDto })
  @ApiTooManyRequestsResponse({ description: 'Too many checkouts from this address; see Retry-After' })
  start(
    @Body() body: CheckoutRequestDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CheckoutResponseDto> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new BadRequestException('Idempotency-Key: 8-200 letters, digits, - or _');
    }
    return this.checkout.startCheckout(body, `checkout-${idempotencyKey ?? randomUUID()}`);
  }
}
