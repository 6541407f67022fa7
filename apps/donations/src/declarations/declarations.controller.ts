import { AuditTarget, CurrentStaff, RequirePermission, type StaffPrincipal } from '@crm/auth';
import { UuidParam } from '@crm/platform';
import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DeclarationsService } from './declarations.service';
import {
  AwaitingDeclarationListDto,
  CancelDeclarationDto,
  CreateDeclarationDto,
  DeclarationDto,
  DeclarationListDto,
  SendConfirmationDto,
  SentConfirmationsDto,
} from './dto/declaration.dto';

const byId = (request: { params?: Record<string, string> }): string | null => request.params?.id ?? null;

@ApiTags('gift-aid')
@ApiBearerAuth()
@Controller()
export class DeclarationsController {
  constructor(private readonly declarations: DeclarationsService) {}

  @Get('supporters/:id/gift-aid-declarations')
  @RequirePermission('donations:read')
  @ApiOkResponse({ type: DeclarationListDto })
  async list(@UuidParam('id') supporterId: string): Promise<DeclarationListDto> {
    return { items: await this.declarations.list(supporterId), nextCursor: null };
  }

  @Post('supporters/:id/gift-aid-declarations')
  @HttpCode(201)
  @RequirePermission('donations:write')
  @AuditTarget(byId)
  @ApiCreatedResponse({ type: DeclarationDto })
  create(
    @UuidParam('id') supporterId: string,
    @Body() body: CreateDeclarationDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<DeclarationDto> {
    return this.declarations.create(supporterId, body, staff.name);
  }

  @Post('gift-aid/declarations/:id/cancel')
  @HttpCode(200)
  @RequirePermission('donations:write')
  @AuditTarget(byId)
  @ApiOkResponse({ type: DeclarationDto })
  cancel(@UuidParam('id') id: string, @Body() body: CancelDeclarationDto): Promise<DeclarationDto> {
    return this.declarations.cancel(id, body);
  }

  @Get('gift-aid/declarations/awaiting-confirmation')
  @RequirePermission('donations:read')
  @ApiOkResponse({ type: AwaitingDeclarationListDto })
  async awaiting(): Promise<AwaitingDeclarationListDto> {
    return { items: await this.declarations.awaiting(), nextCursor: null };
  }

  @Post('gift-aid/declarations/confirmations')
  @HttpCode(200)
  @RequirePermission('donations:write')
  @AuditTarget(() => 'oral declarations awaiting confirmation')
  @ApiOkResponse({ type: SentConfirmationsDto })
  sendAll(): Promise<SentConfirmationsDto> {
    return this.declarations.sendAllConfirmations();
  }

  @Post('gift-aid/declarations/:id/confirmation')
  @HttpCode(200)
  @RequirePermission('donations:write')
  @AuditTarget(byId)
  @ApiOkResponse({ type: DeclarationDto })
  sendConfirmation(@UuidParam('id') id: string, @Body() body: SendConfirmationDto): Promise<DeclarationDto> {
    return this.declarations.sendConfirmation(id, body);
  }

  @Get('gift-aid/declarations/:id/confirmation-letter')
  @RequirePermission('donations:read')
  @ApiProduces('text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  letter(@UuidParam('id') id: string): Promise<string> {
    return this.declarations.letter(id);
  }
}
