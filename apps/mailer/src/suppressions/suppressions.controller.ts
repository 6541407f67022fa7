import { AuditTarget, CurrentStaff, RequirePermission, type StaffPrincipal } from '@crm/auth';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateSuppressionDto,
  SuppressionDto,
  SuppressionPageDto,
  SuppressionQueryDto,
} from './dto/suppression.dto';
import { ParseEmailPipe } from './parse-email.pipe';
import { suppressionAuditTarget } from './suppression-key';
import { SuppressionsService } from './suppressions.service';

@ApiTags('suppressions')
@ApiBearerAuth()
@Controller('suppressions')
export class SuppressionsController {
  constructor(private readonly suppressions: SuppressionsService) {}

  @Get()
  @RequirePermission('suppressions:read')
  @ApiOkResponse({ type: SuppressionPageDto })
  list(@Query() query: SuppressionQueryDto): Promise<SuppressionPageDto> {
    return this.suppressions.list(query);
  }

  @Post()
  @RequirePermission('suppressions:write')
  @AuditTarget(suppressionAuditTarget)
  @ApiCreatedResponse({ type: SuppressionDto })
  add(@Body() body: CreateSuppressionDto, @CurrentStaff() staff: StaffPrincipal): Promise<SuppressionDto> {
    return this.suppressions.add(body, staff.name);
  }

  @Delete(':email')
  @HttpCode(204)
  @RequirePermission('suppressions:write')
  @AuditTarget(suppressionAuditTarget)
  @ApiNoContentResponse()
  remove(@Param('email', new ParseEmailPipe('email')) email: string): Promise<void> {
    return this.suppressions.remove(email);
  }
}
