import { UuidParam } from '@crm/platform';
import { CurrentStaff, RequirePermission, type StaffPrincipal } from '@crm/auth';
import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { OutboxPageDto } from './dto/outbox-message.dto';
import { OutboxQueryDto } from './dto/outbox-query.dto';
import { OutboxService } from './outbox.service';

/**
 * The dev transport's mailbox: what would have been sent, without an email account. Link tokens
 * (confirm, unsubscribe, donor links) are shown to admins only: with one, a read-only role could
 * act as the person the message went to.
 */
@ApiTags('outbox')
@ApiBearerAuth()
@Controller('outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @RequirePermission('campaigns:read')
  @ApiOkResponse({ type: OutboxPageDto })
  list(@Query() query: OutboxQueryDto, @CurrentStaff() staff: StaffPrincipal): Promise<OutboxPageDto> {
    return this.outbox.list(query, seesLinkTokens(staff));
  }

  @Get(':id')
  @RequirePermission('campaigns:read')
  @ApiProduces('text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  // Stored mail is shown as a document of its own: no scripts, no forms, no same-origin access.
  @Header(
    'Content-Security-Policy',
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src https: data:",
  )
  html(@UuidParam('id') id: string, @CurrentStaff() staff: StaffPrincipal): Promise<string> {
    return this.outbox.html(id, seesLinkTokens(staff));
  }
}

const seesLinkTokens = (staff: StaffPrincipal): boolean => staff.role === 'admin';
