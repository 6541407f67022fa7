import { UuidParam } from '@crm/platform';
import { AuditTarget, CurrentStaff, RequirePermission, type StaffPrincipal } from '@crm/auth';
import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DuplicatePairListDto, DuplicatesQuery, MergeSupportersDto } from '../duplicates/dto/duplicates.dto';
import { DuplicatesService } from '../duplicates/duplicates.service';
import { SupporterMergeService } from '../duplicates/supporter-merge.service';
import { ListSupportersQuery, SupporterListDto } from './dto/list-supporters.dto';
import { SupporterProfileDto } from './dto/supporter-profile.dto';
import { UpdateSupporterDto } from './dto/update-supporter.dto';
import { SupporterProfileService } from './supporter-profile.service';
import { SupportersService } from './supporters.service';

@ApiTags('supporters')
@ApiBearerAuth()
@Controller('supporters')
export class SupportersController {
  constructor(
    private readonly supporters: SupportersService,
    private readonly profiles: SupporterProfileService,
    private readonly duplicates: DuplicatesService,
    private readonly merges: SupporterMergeService,
  ) {}

  @Get()
  @RequirePermission('supporters:read')
  @ApiOperation({
    summary: 'Search supporters by name or email prefix, tag and subscription status (cursor pages).',
  })
  @ApiOkResponse({ type: SupporterListDto })
  list(@Query() query: ListSupportersQuery): Promise<SupporterListDto> {
    return this.supporters.list(query);
  }

  // Declared before ':id', which would otherwise take "duplicates" for an id.
  @Get('duplicates')
  @RequirePermission('supporters:read')
  @ApiOperation({
    summary:
      'Suggested pairs of duplicate records: the same name with the same postcode or the same phone (email addresses are unique).',
  })
  @ApiOkResponse({ type: DuplicatePairListDto })
  listDuplicates(@Query() query: DuplicatesQuery): Promise<DuplicatePairListDto> {
    return this.duplicates.list(query);
  }

  @Get(':id')
  @RequirePermission('supporters:read')
  @ApiOperation({
    summary: 'Profile, giving, monthly gifts, subscription, consent history and emails received.',
  })
  @ApiOkResponse({ type: SupporterProfileDto })
  profile(@UuidParam('id') id: string): Promise<SupporterProfileDto> {
    return this.profiles.profile(id);
  }

  @Patch(':id')
  @HttpCode(200)
  @RequirePermission('supporters:write')
  @ApiOperation({
    summary:
      'Edit name, tags, notes, postal address, phone, date of death and contact preferences per channel.',
  })
  @ApiOkResponse({ type: SupporterProfileDto })
  async update(
    @UuidParam('id') id: string,
    @Body() changes: UpdateSupporterDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<SupporterProfileDto> {
    await this.supporters.update(id, changes, staff.name);
    return this.profiles.profile(id);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @RequirePermission('supporters:write')
  // The kept record: the merged one points at it (mergedIntoId), so the audit row leads to both.
  @AuditTarget((request) => request.params?.id ?? null)
  @ApiOperation({
    summary:
      'Merge the duplicate otherId into this record: gifts, Gift Aid declarations, consent history, email history, preferences and tags move here. 409 when either record is erased.',
  })
  @ApiOkResponse({ type: SupporterProfileDto })
  async merge(
    @UuidParam('id') id: string,
    @Body() body: MergeSupportersDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<SupporterProfileDto> {
    await this.merges.merge(id, body.otherId, staff.name);
    return this.profiles.profile(id);
  }
}
