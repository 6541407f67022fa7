import { Module } from '@nestjs/common';
import { SupportersModule } from '../supporters/supporters.module';
import { SubjectAccessController } from './subject-access.controller';
import { SubjectAccessService } from './subject-access.service';

/** The right of access: everything held about one supporter, as JSON. */
@Module({
  imports: [SupportersModule],
  controllers: [SubjectAccessController],
  providers: [SubjectAccessService],
})
export class SubjectAccessModule {}
