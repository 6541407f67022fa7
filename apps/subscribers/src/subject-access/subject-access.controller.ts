import { UuidParam } from '@crm/platform';
import { RequirePermission } from '@crm/auth';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SubjectAccessService } from './subject-access.service';

@ApiTags('gdpr')
@ApiBearerAuth()
@Controller('supporters')
export class SubjectAccessController {
  constructor(private readonly subjectAccess: SubjectAccessService) {}

  @Get(':id/export')
  @RequirePermission('supporters:read')
  @ApiOperation({ summary: 'Subject access export: everything held about the person, as JSON.' })
  @ApiOkResponse({
    description: 'Profile, subscription, consent ledger, donations, Gift Aid, emails and events.',
  })
  export(@UuidParam('id') id: string): Promise<Record<string, unknown>> {
    return this.subjectAccess.export(id);
  }
}
