import { Module } from '@nestjs/common';
import { StripeModule } from '../stripe/stripe.module';
import { DonorSelfServiceController } from './donor-self-service.controller';
import { DonorSelfService } from './donor-self-service.service';

@Module({ imports: [StripeModule], controllers: [DonorSelfServiceController], providers: [DonorSelfService] })
export class DonorSelfServiceModule {}
