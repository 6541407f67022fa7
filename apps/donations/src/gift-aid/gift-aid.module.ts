import { Module } from '@nestjs/common';
import { GiftAidController } from './gift-aid.controller';
import { GiftAidService } from './gift-aid.service';

@Module({ controllers: [GiftAidController], providers: [GiftAidService] })
export class GiftAidModule {}
