import { AuditTarget, CurrentStaff, RequirePermission, type StaffPrincipal } from '@crm/auth';
import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Patch,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PageQueryDto, sendCsv, UuidParam } from '@crm/platform';
import {
  CreateClaimDto,
  EligibleDonationPageDto,
  EligibleSummaryDto,
  GiftAidClaimDto,
  GiftAidClaimPageDto,
  UpdateClaimDto,
} from './dto/gift-aid.dto';
import { GiftAidService } from './gift-aid.service';

const ODS = 'application/vnd.oasis.opendocument.spreadsheet';

@ApiTags('gift-aid')
@ApiBearerAuth()
@Controller('gift-aid')
export class GiftAidController {
  constructor(private readonly giftAid: GiftAidService) {}

  @Get('eligible')
  @RequirePermission('donations:read')
  @ApiOkResponse({ type: EligibleDonationPageDto })
  eligible(@Query() query: PageQueryDto): Promise<EligibleDonationPageDto> {
    return this.giftAid.eligible(query);
  }

  @Get('eligible/summary')
  @RequirePermission('donations:read')
  @ApiOkResponse({ type: EligibleSummaryDto })
  eligibleSummary(): Promise<EligibleSummaryDto> {
    return this.giftAid.eligibleSummary();
  }

  @Post('claims')
  @HttpCode(201)
  @RequirePermission('donations:write')
  // Audited under the id of the claim it answers.
  @ApiCreatedResponse({ type: GiftAidClaimDto })
  createClaim(@Body() body: CreateClaimDto, @CurrentStaff() staff: StaffPrincipal): Promise<GiftAidClaimDto> {
    return this.giftAid.createClaim(body, staff.name);
  }

  @Get('claims')
  @RequirePermission('donations:read')
  @ApiOkResponse({ type: GiftAidClaimPageDto })
  claims(@Query() query: PageQueryDto): Promise<GiftAidClaimPageDto> {
    return this.giftAid.claims(query);
  }

  @Get('claims/:id')
  @RequirePermission('donations:read')
  @ApiOkResponse({ type: GiftAidClaimDto })
  claim(@UuidParam('id') id: string): Promise<GiftAidClaimDto> {
    return this.giftAid.claim(id);
  }

  @Patch('claims/:id')
  @RequirePermission('donations:write')
  @AuditTarget((request) => request.params?.id ?? null)
  @ApiOkResponse({ type: GiftAidClaimDto })
  updateClaim(@UuidParam('id') id: string, @Body() body: UpdateClaimDto): Promise<GiftAidClaimDto> {
    return this.giftAid.updateClaim(id, body);
  }

  @Get('claims/:id/schedule.csv')
  @RequirePermission('donations:read')
  @ApiProduces('text/csv')
  async schedule(@UuidParam('id') id: string, @Res() response: Response): Promise<void> {
    await sendCsv(response, 'gift-aid-schedule.csv', [await this.giftAid.schedule(id)]);
  }

  @Get('claims/:id/schedule.ods')
  @RequirePermission('donations:read')
  @ApiProduces(ODS)
  @Header('Cache-Control', 'no-store')
  async scheduleOds(@UuidParam('id') id: string): Promise<StreamableFile> {
    return new StreamableFile(await this.giftAid.scheduleOds(id), {
      type: ODS,
      disposition: 'attachment; filename="gift-aid-schedule.ods"',
    });
  }
}
