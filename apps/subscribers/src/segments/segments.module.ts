import { Module } from '@nestjs/common';
import { AudienceUseService } from '../audience-use/audience-use.service';
import { SegmentMembersService } from './segment-members.service';
import { SegmentSizesService } from './segment-sizes.service';
import { SegmentsController } from './segments.controller';
import { SegmentsService } from './segments.service';

/** Staff segments: saved rule trees, live previews, member pages and exports (DESIGN §4). */
@Module({
  controllers: [SegmentsController],
  providers: [SegmentsService, SegmentMembersService, SegmentSizesService, AudienceUseService],
})
export class SegmentsModule {}
