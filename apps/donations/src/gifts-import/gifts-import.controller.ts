import { CurrentStaff, RequirePermission, type StaffPrincipal } from '@crm/auth';
import { fieldError, UuidParam } from '@crm/platform';
import { Body, Controller, Get, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
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
import { GiftsImportStatusDto, GiftsImportUploadDto } from './dto/gifts-import.dto';
import { GiftsImportService } from './gifts-import.service';

@ApiTags('donations')
@ApiBearerAuth()
@Controller()
export class GiftsImportController {
  constructor(private readonly imports: GiftsImportService) {}

  @Post('donations/import')
  @HttpCode(202)
  @RequirePermission('donations:write')
  @UseInterceptors(FileInterceptor('file'), DiscardUploadOnErrorInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: GiftsImportUploadDto })
  @ApiOperation({
    summary: 'Uploads a gifts CSV (plain, JustGiving or Enthuse layout) and starts importing it.',
  })
  @ApiAcceptedResponse({ type: GiftsImportStatusDto })
  upload(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: GiftsImportUploadDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<GiftsImportStatusDto> {
    if (!file) throw fieldError('file', 'a CSV file is required');
    return this.imports.start(
      { path: file.path, originalName: file.originalname },
      body.layout ?? 'plain',
      body.campaign?.trim() ?? null,
      staff.name,
    );
  }

  // DESIGN §3 names /donation-imports/:id; /donations/imports/:id reads the same.
  @Get(['donation-imports/:id', 'donations/imports/:id'])
  @RequirePermission('donations:read')
  @ApiOperation({
    summary: 'Progress of a gifts import: rows done and total, per-row errors with line numbers.',
  })
  @ApiOkResponse({ type: GiftsImportStatusDto })
  status(@UuidParam('id') id: string): Promise<GiftsImportStatusDto> {
    return this.imports.status(id);
  }
}
