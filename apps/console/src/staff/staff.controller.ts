import { AuditedByHandler, CurrentStaff, type StaffPrincipal } from '@crm/auth';
import { PageQueryDto, UuidParam } from '@crm/platform';
import { Body, Controller, Get, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { InvitationDto, InviteStaffDto, StaffMemberDto, StaffPageDto, UpdateStaffDto } from './dto/staff.dto';
import { StaffService } from './staff.service';

const requestIdOf = (request: Request): string | null => (typeof request.id === 'string' ? request.id : null);

/** Admin only (no permission named): staff accounts. Each change writes its own audit rows. */
@ApiTags('staff')
@ApiCookieAuth()
@AuditedByHandler()
@Controller('api/staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @ApiOkResponse({ type: StaffPageDto })
  list(@Query() query: PageQueryDto): Promise<StaffPageDto> {
    return this.staff.list(query.limit, query.cursor);
  }

  @Post()
  @ApiCreatedResponse({
    type: InvitationDto,
    description: 'The invitation, emailed and returned with its link',
  })
  invite(
    @Body() body: InviteStaffDto,
    @CurrentStaff() admin: StaffPrincipal,
    @Req() request: Request,
  ): Promise<InvitationDto> {
    return this.staff.invite(body, admin, requestIdOf(request));
  }

  @Patch(':id')
  @ApiOkResponse({ type: StaffMemberDto })
  update(
    @UuidParam('id') id: string,
    @Body() body: UpdateStaffDto,
    @CurrentStaff() admin: StaffPrincipal,
    @Req() request: Request,
  ): Promise<StaffMemberDto> {
    return this.staff.update(id, body, admin, requestIdOf(request));
  }
}
