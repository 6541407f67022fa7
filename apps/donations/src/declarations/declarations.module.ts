import { QueuesModule, transactionalMailQueue } from '@crm/queues';
import { Module } from '@nestjs/common';
import { DeclarationsController } from './declarations.controller';
import { DeclarationsService } from './declarations.service';

@Module({
  imports: [QueuesModule.forQueues(transactionalMailQueue)],
  controllers: [DeclarationsController],
  providers: [DeclarationsService],
})
export class DeclarationsModule {}
