import { QueuesModule, transactionalMailQueue } from '@crm/queues';
import { Module } from '@nestjs/common';
import { TemplatesModule } from '../templates/templates.module';
import { TransportModule } from '../transport/transport.module';
import { TransactionalContextService } from './transactional-context.service';
import { TransactionalProcessor } from './transactional.processor';
import { TransactionalService } from './transactional.service';

@Module({
  imports: [QueuesModule.forQueues(transactionalMailQueue), TemplatesModule, TransportModule],
  providers: [TransactionalContextService, TransactionalService, TransactionalProcessor],
})
export class TransactionalModule {}
