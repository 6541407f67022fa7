import { CurrentStaff, RequirePermission, type StaffPrincipal } from '@crm/auth';
import { UuidParam } from '@crm/platform';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContactPreferencesService } from './contact-preferences.service';
import { ContactPreferencesDto } from './dto/contact-preferences.dto';
import { RecordFpsRequestDto } from './dto/record-fps-request.dto';

@ApiTags('supporters')
@ApiBearerAuth()
@Controller('supporters')
export class ContactPreferencesController {
  constructor(private readonly preferences: ContactPreferencesService) {}

  @Post(':id/fps-requests')
  @HttpCode(200)
  @RequirePermission('supporters:write')
  @ApiOperation({
    summary:
      'Record a Fundraising Preference Service request: the channels it names are refused at once; the answer shows the 28-day deadline.',
  })
  @ApiOkResponse({ type: ContactPreferencesDto })
  async recordFpsRequest(
    @UuidParam('id') id: string,
    @Body() request: RecordFpsRequestDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<ContactPreferencesDto> {
    await this.preferences.recordFpsRequest(id, request, staff.name);
    return this.preferences.forProfile(id);
  }
}
