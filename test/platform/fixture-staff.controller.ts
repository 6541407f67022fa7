import { RequirePermission } from '@crm/auth';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';

class RenameDto {
  @IsString()
  @MaxLength(50)
  name!: string;
}

/** A minimal staff resource used to exercise the platform's guard, audit and validation. */
@Controller('fixture')
export class FixtureStaffController {
  @Get()
  @RequirePermission('supporters:read')
  read(): { ok: true } {
    return { ok: true };
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('supporters:write')
  write(@Body() body: RenameDto): { id: string; name: string } {
    return { id: 'fixture-1', name: body.name };
  }
}
