import { RequirePermission } from '@crm/auth';
import { PageQueryDto, sendCsv, UuidParam } from '@crm/platform';
import { parseSegmentRules, segmentRulesJsonSchema } from '@crm/segments';
import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { MemberListDto, PreviewDto } from './dto/member.dto';
import { PreviewSegmentDto, SaveSegmentDto, SegmentDto, SegmentListDto } from './dto/segment.dto';
import { memberCsv } from './member-csv';
import { SegmentMembersService } from './segment-members.service';
import { SegmentsService, toSegmentDto } from './segments.service';

@ApiTags('segments')
@ApiBearerAuth()
@Controller('segments')
export class SegmentsController {
  constructor(
    private readonly segments: SegmentsService,
    private readonly members: SegmentMembersService,
  ) {}

  @Get()
  @RequirePermission('segments:read')
  @ApiOperation({
    summary:
      'Saved segments by name (cursor pages), each with its current size and mailable count (null while still counting) and the emails relying on it.',
  })
  @ApiOkResponse({ type: SegmentListDto })
  list(@Query() query: PageQueryDto): Promise<SegmentListDto> {
    return this.segments.list(query);
  }

  @Get('schema')
  @RequirePermission('segments:read')
  @ApiOperation({ summary: 'The rule language as JSON Schema (2020-12), for building forms.' })
  @ApiOkResponse({ schema: { type: 'object' } })
  schema(): Record<string, unknown> {
    return segmentRulesJsonSchema();
  }

  @Post('preview')
  @HttpCode(200)
  @RequirePermission('segments:read')
  @ApiOperation({ summary: 'Live count, mailable count and the first 20 members of unsaved rules.' })
  @ApiOkResponse({ type: PreviewDto })
  preview(@Body() body: PreviewSegmentDto): Promise<PreviewDto> {
    return this.members.preview(parseSegmentRules(body.rules));
  }

  @Post()
  @RequirePermission('segments:write')
  @ApiOperation({ summary: 'Save a segment; its rules are validated (400 names the bad node).' })
  @ApiCreatedResponse({ type: SegmentDto })
  async create(@Body() body: SaveSegmentDto): Promise<SegmentDto> {
    return toSegmentDto(await this.segments.create(body));
  }

  @Get(':id')
  @RequirePermission('segments:read')
  @ApiOkResponse({ type: SegmentDto })
  async get(@UuidParam('id') id: string): Promise<SegmentDto> {
    return toSegmentDto(await this.segments.get(id));
  }

  @Put(':id')
  @RequirePermission('segments:write')
  @ApiOperation({ summary: 'Replace name, description and rules; built-in segments answer 409.' })
  @ApiOkResponse({ type: SegmentDto })
  async update(@UuidParam('id') id: string, @Body() body: SaveSegmentDto): Promise<SegmentDto> {
    return toSegmentDto(await this.segments.update(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('segments:write')
  @ApiOperation({
    summary:
      'Delete; 409 for a built-in segment or one an email relies on (draft, scheduled, recurring or sending), the message naming the email(s).',
  })
  @ApiNoContentResponse()
  remove(@UuidParam('id') id: string): Promise<void> {
    return this.segments.remove(id);
  }

  @Get(':id/members')
  @RequirePermission('segments:read')
  @ApiOperation({ summary: 'Current members in id order (cursor pages).' })
  @ApiOkResponse({ type: MemberListDto })
  async listMembers(@UuidParam('id') id: string, @Query() query: PageQueryDto): Promise<MemberListDto> {
    return this.members.members(await this.segments.rulesOf(id), query);
  }

  @Get(':id/members.csv')
  @RequirePermission('segments:read')
  @ApiOperation({
    summary: 'All current members as CSV, streamed; cells cannot start a spreadsheet formula.',
  })
  @ApiProduces('text/csv')
  async exportMembers(@UuidParam('id') id: string, @Res() response: Response): Promise<void> {
    const rules = await this.segments.rulesOf(id);
    await sendCsv(response, `segment-${id}.csv`, memberCsv(this.members.exportMembers(rules)));
  }
}
