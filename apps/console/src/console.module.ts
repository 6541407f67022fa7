import { PlatformModule } from '@crm/platform';
import { QueuesModule, transactionalMailQueue } from '@crm/queues';
import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  RequestMethod,
} from '@nestjs/common';
import { AuditLogController } from './audit-log/audit-log.controller';
import { AuditLogService } from './audit-log/audit-log.service';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { ConsoleSessions } from './auth/console-sessions';
import { ResetEmailLimiter } from './auth/reset-email-limiter';
import { SignInLimiter } from './auth/sign-in-limiter';
import type { ConsoleConfig } from './config/console.config';
import { QueueBoard } from './queues/queue-board';
import { QueueBoardController } from './queues/queue-board.controller';
import { QueueBoardCsrfHeader } from './queues/queue-board.middleware';
import { SpaMiddleware } from './spa/spa.middleware';
import { StaffController } from './staff/staff.controller';
import { StaffService } from './staff/staff.service';

/**
 * The staff console: sign-in and staff accounts, the audit log, the queue board, the SPA, and (mounted in main.ts,
 * ahead of the body parsers) the proxy to the three apps. It imports no other app.
 */
@Module({})
export class ConsoleModule implements NestModule {
  static forRoot(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [PlatformModule.forApp(config), QueuesModule.forQueues(transactionalMailQueue)],
      controllers: [AuthController, StaffController, AuditLogController, QueueBoardController],
      providers: [
        AuthService,
        ConsoleSessions,
        SignInLimiter,
        ResetEmailLimiter,
        StaffService,
        AuditLogService,
        SpaMiddleware,
        QueueBoard,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SpaMiddleware).forRoutes({ path: '{/*splat}', method: RequestMethod.GET });
    consumer.apply(QueueBoardCsrfHeader).forRoutes({ path: '{/*splat}', method: RequestMethod.PUT });
  }
}
