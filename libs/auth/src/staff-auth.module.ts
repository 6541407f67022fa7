import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditInterceptor } from './audit.interceptor';
import { StaffAuthGuard } from './staff-auth.guard';

/** Installs the staff token guard on every route and audits every staff write. */
@Module({
  providers: [
    { provide: APP_GUARD, useClass: StaffAuthGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
})
export class StaffAuthModule {}
