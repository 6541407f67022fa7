import { Module } from '@nestjs/common';
import { ContactPreferencesModule } from '../contact-preferences/contact-preferences.module';
import { DuplicatesModule } from '../duplicates/duplicates.module';
import { SupporterProfileService } from './supporter-profile.service';
import { SupportersController } from './supporters.controller';
import { SupportersService } from './supporters.service';

@Module({
  imports: [ContactPreferencesModule, DuplicatesModule],
  controllers: [SupportersController],
  providers: [SupportersService, SupporterProfileService],
  exports: [SupporterProfileService],
})
export class SupportersModule {}
