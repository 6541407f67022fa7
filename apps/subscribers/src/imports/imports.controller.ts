import { fieldError, PageQueryDto, UuidParam } from '@crm/platform';
import { CurrentStaff, RequirePermission, type StaffPrincipal } from '@crm/auth';
import { Body, Controller, Get, HttpCode, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DiscardUploadOnErrorInterceptor } from './discard-upload-on-error.interceptor';
import { ImportListDto, ImportStatusDto, ImportUploadDto } from './dto/import.dto';
import { ImportsService } from './imports.service';

@ApiTags('imports')
@ApiBearerAuth()
@Controller()
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post('supporters/import')
  @HttpCode(202)
  @RequirePermission('supporters:write')
  @UseInterceptors(FileInterceptor('file'), DiscardUploadOnErrorInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportUploadDto })
  @ApiOperation({
    summary:
      'Uploads a CSV (Mailchimp audience export or email,first_name,last_name,tags) and starts importing it.',
  })
  @ApiAcceptedResponse({ type: ImportStatusDto })
  upload(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: ImportUploadDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<ImportStatusDto> {
    if (!file) {
      throw fieldError('file', 'a CSV file is required');
    }
    return this.imports.start(
      { path: file.path, originalName: file.originalname },
      body.consentSource?.trim() ?? null,
      staff.name,
    );
  }

  @Get('imports')
  @RequirePermission('supporters:read')
  @ApiOperation({ summary: 'Imports, newest first (cursor pages), with their progress and counts.' })
  @ApiOkResponse({ type: ImportListDto })
  list(@Query() query: PageQueryDto): Promise<ImportListDto> {
    return this.imports.list(query);
  }

  @Get('imports/:id')
  @RequirePermission('supporters:read')
  @ApiOperation({ summary: 'Progress of an import: rows done and total, per-row errors with line numbers.' })
  @ApiOkResponse({ type: ImportStatusDto })
  status(@UuidParam('id') id: string): Promise<ImportStatusDto> {
    return this.imports.status(id);
  }
}
