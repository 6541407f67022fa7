import { Module } from '@nestjs/common';
import { SupporterProfileService } from './supporter-profile.service';
import { SupportersController } from './supporters.controller';
import { SupportersService } from './supporters.service';

@Module({
  controllers: [SupportersController],
  providers: [SupportersService, SupporterProfileService],
  exports: [SupporterProfileService],
})
export class SupportersModule {}
