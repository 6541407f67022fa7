import { Module } from '@nestjs/common';
import { SegmentMembersService } from './segment-members.service';
import { SegmentsController } from './segments.controller';
import { SegmentsService } from './segments.service';

/** Staff segments: saved rule trees, live previews, member pages and exports (DESIGN §4). */
@Module({
  controllers: [SegmentsController],
  providers: [SegmentsService, SegmentMembersService],
})
export class SegmentsModule {}
