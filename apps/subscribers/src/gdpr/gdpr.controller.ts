import { UuidParam } from '@crm/platform';
import { RequirePermission } from '@crm/auth';
import { Controller, Delete, Get, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErasureService } from './erasure.service';
import { SubjectAccessService } from './subject-access.service';

@ApiTags('gdpr')
@ApiBearerAuth()
@Controller('supporters')
export class GdprController {
  constructor(
    private readonly subjectAccess: SubjectAccessService,
    private readonly erasure: ErasureService,
  ) {}

  @Get(':id/export')
  @RequirePermission('supporters:read')
  @ApiOperation({ summary: 'Subject access export: everything held about the person, as JSON.' })
  @ApiOkResponse({
    description: 'Profile, subscription, consent ledger, donations, Gift Aid, emails and events.',
  })
  export(@UuidParam('id') id: string): Promise<Record<string, unknown>> {
    return this.subjectAccess.export(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('supporters:write')
  @ApiOperation({
    summary: 'Erasure: removes personal data, keeps a hashed tombstone, tells donations and mailer.',
  })
  @ApiNoContentResponse()
  async erase(@UuidParam('id') id: string): Promise<void> {
    await this.erasure.erase(id);
  }
}
