import { Module } from '@nestjs/common';
import { IncomeSummaryController } from './income-summary.controller';
import { IncomeSummaryService } from './income-summary.service';

@Module({ controllers: [IncomeSummaryController], providers: [IncomeSummaryService] })
export class IncomeSummaryModule {}
