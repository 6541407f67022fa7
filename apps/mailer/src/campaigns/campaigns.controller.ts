import { UuidParam } from '@crm/platform';
import { RequirePermission } from '@crm/auth';
import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiAcceptedResponse,
} from '@nestjs/swagger';
import { CampaignPreviewService } from './campaign-preview.service';
import { CampaignsService } from './campaigns.service';
import {
  CreateCampaignDto,
  PreviewCampaignDto,
  TestCampaignDto,
  UpdateCampaignDto,
} from './dto/campaign-input.dto';
import { CampaignListQueryDto, RecipientListQueryDto } from './dto/campaign-query.dto';
import {
  CampaignDetailDto,
  CampaignPageDto,
  CampaignPreviewDto,
  RecipientPageDto,
  RequeuedDto,
  TestSentDto,
} from './dto/campaign.dto';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly previews: CampaignPreviewService,
  ) {}

  @Post()
  @RequirePermission('campaigns:write')
  @ApiCreatedResponse({ type: CampaignDetailDto })
  create(@Body() body: CreateCampaignDto): Promise<CampaignDetailDto> {
    return this.campaigns.create(body);
  }

  @Post('preview')
  @HttpCode(200)
  @RequirePermission('campaigns:read')
  @ApiOkResponse({
    type: CampaignPreviewDto,
    description: 'a draft body as a sample recipient would receive it; nothing is stored or sent',
  })
  previewDraft(@Body() body: PreviewCampaignDto): CampaignPreviewDto {
    return this.previews.ofDraft(body);
  }

  @Get()
  @RequirePermission('campaigns:read')
  @ApiOkResponse({ type: CampaignPageDto })
  list(@Query() query: CampaignListQueryDto): Promise<CampaignPageDto> {
    return this.campaigns.list(query);
  }

  @Get(':id')
  @RequirePermission('campaigns:read')
  @ApiOkResponse({ type: CampaignDetailDto })
  detail(@UuidParam('id') id: string): Promise<CampaignDetailDto> {
    return this.campaigns.detail(id);
  }

  @Get(':id/preview')
  @RequirePermission('campaigns:read')
  @ApiOkResponse({ type: CampaignPreviewDto, description: 'the campaign as a sample recipient receives it' })
  preview(@UuidParam('id') id: string): Promise<CampaignPreviewDto> {
    return this.previews.ofCampaign(id);
  }

  @Patch(':id')
  @RequirePermission('campaigns:write')
  @ApiOkResponse({ type: CampaignDetailDto })
  update(@UuidParam('id') id: string, @Body() body: UpdateCampaignDto): Promise<CampaignDetailDto> {
    return this.campaigns.update(id, body);
  }

  @Post(':id/test')
  @HttpCode(200)
  @RequirePermission('campaigns:write')
  @ApiOkResponse({ type: TestSentDto })
  async test(@UuidParam('id') id: string, @Body() body: TestCampaignDto): Promise<TestSentDto> {
    return { sentTo: await this.campaigns.sendTest(id, body.addresses) };
  }

  @Post(':id/send')
  @HttpCode(202)
  @RequirePermission('campaigns:write')
  @ApiAcceptedResponse({ type: CampaignDetailDto })
  send(@UuidParam('id') id: string): Promise<CampaignDetailDto> {
    return this.campaigns.send(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('campaigns:write')
  @ApiOkResponse({ type: CampaignDetailDto })
  cancel(@UuidParam('id') id: string): Promise<CampaignDetailDto> {
    return this.campaigns.cancel(id);
  }

  @Get(':id/recipients')
  @RequirePermission('campaigns:read')
  @ApiOkResponse({ type: RecipientPageDto })
  recipients(@UuidParam('id') id: string, @Query() query: RecipientListQueryDto): Promise<RecipientPageDto> {
    return this.campaigns.recipients(id, query);
  }

  @Post(':id/resend-uncertain')
  @HttpCode(202)
  @RequirePermission('campaigns:write')
  @ApiAcceptedResponse({
    type: RequeuedDto,
    description: 'recipients of uncertain batches still unconfirmed after the grace period',
  })
  resendUncertain(@UuidParam('id') id: string): Promise<RequeuedDto> {
    return this.campaigns.requeue(id, 'uncertain');
  }

  @Post(':id/retry-failed')
  @HttpCode(202)
  @RequirePermission('campaigns:write')
  @ApiAcceptedResponse({ type: RequeuedDto })
  retryFailed(@UuidParam('id') id: string): Promise<RequeuedDto> {
    return this.campaigns.requeue(id, 'failed');
  }
}
