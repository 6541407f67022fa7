import { Module } from '@nestjs/common';
import { PreferencesController } from './preferences.controller';
import { PreferencesService } from './preferences.service';

/** The public preference centre behind the signed link in every email. */
@Module({ controllers: [PreferencesController], providers: [PreferencesService] })
export class PreferencesModule {}
