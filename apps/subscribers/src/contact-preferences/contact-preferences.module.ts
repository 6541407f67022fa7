import { Module } from '@nestjs/common';
import { ContactPreferencesController } from './contact-preferences.controller';
import { ContactPreferencesService } from './contact-preferences.service';

@Module({
  controllers: [ContactPreferencesController],
  providers: [ContactPreferencesService],
  exports: [ContactPreferencesService],
})
export class ContactPreferencesModule {}
