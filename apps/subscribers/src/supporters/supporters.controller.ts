import { UuidParam } from '@crm/platform';
import { CurrentStaff, RequirePermission, type StaffPrincipal } from '@crm/auth';
import { Body, Controller, Get, HttpCode, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
}
