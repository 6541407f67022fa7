import { PlatformModule } from '@crm/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import type { SubscribersConfig } from './config/subscribers.config';
import { DashboardModule } from './dashboard/dashboard.module';
import { ErasureModule } from './erasure/erasure.module';
import { ImportsModule } from './imports/imports.module';
import { SegmentsModule } from './segments/segments.module';
import { SubjectAccessModule } from './subject-access/subject-access.module';
import { SubscribeModule } from './subscribe/subscribe.module';
import { SubscribersEventsModule } from './subscribers-events/subscribers-events.module';
import { SupportersModule } from './supporters/supporters.module';
import { PreferencesModule } from './preferences/preferences.module';
import { TagsModule } from './tags/tags.module';
import { TopicsModule } from './topics/topics.module';
import { UnsubscribeModule } from './unsubscribe/unsubscribe.module';

/** The subscribers app: platform plus its feature modules. */
@Module({})
export class SubscribersModule {
  static forRoot(config: SubscribersConfig): DynamicModule {
    return {
      module: SubscribersModule,
      imports: [
        PlatformModule.forApp(config),
        SubscribeModule,
        UnsubscribeModule,
        SubscribersEventsModule,
        SupportersModule,
        SubjectAccessModule,
        ErasureModule,
        ImportsModule,
        SegmentsModule,
        DashboardModule,
        TagsModule,
        TopicsModule,
        PreferencesModule,
      ],
    };
  }
}
