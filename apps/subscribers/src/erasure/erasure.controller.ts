import { RequirePermission } from '@crm/auth';
import { UuidParam } from '@crm/platform';
import { Controller, Delete, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErasureService } from './erasure.service';

@ApiTags('gdpr')
@ApiBearerAuth()
@Controller('supporters')
export class ErasureController {
  constructor(private readonly erasure: ErasureService) {}

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
