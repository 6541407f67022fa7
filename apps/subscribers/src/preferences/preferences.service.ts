import { verifyPreferencesToken } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SubscribersConfig } from '../config/subscribers.config';
import type { ConsentEvidence } from '../consent/consent-ledger';
import { withdrawConsent } from '../consent/withdraw-consent';
import { changeTopicChoices, leaveEveryTopic } from '../topics/topic-choices';
import { type TopicChoice, topicChoicesOf } from '../topics/topics.queries';
import { choicesFrom, type PreferencesForm } from './preferences-form';
import { preferencesPerson, type PreferencesPerson, updateName } from './preferences.queries';

const SOURCE = 'preference-centre';

export type PreferencesLink = { supporterId: string } | { refused: 'invalid' | 'expired' };

/** What the page shows: the person and their choice on every topic. */
export interface PreferencesView {
  person: PreferencesPerson;
  topics: TopicChoice[];
}

type Evidence = Pick<ConsentEvidence, 'ip' | 'userAgent'>;

/** The preference centre behind the signed link in every email: topics, name, unsubscribe from everything. */
@Injectable()
export class PreferencesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: SubscribersConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  check(token: string | null): PreferencesLink {
    return token ? verifyPreferencesToken(this.config.APP_SECRET, token) : { refused: 'invalid' };
  }

  /** Null for a supporter who no longer has a record (erased, or merged into another). */
  async view(supporterId: string): Promise<PreferencesView | null> {
    const person = await preferencesPerson(this.dataSource.manager, supporterId);
    if (!person) return null;
    return { person, topics: await topicChoicesOf(this.dataSource.manager, supporterId) };
  }

  /** Saves the name and the topics ticked; each topic that changes is a ledger row with its wording. */
  async save(supporterId: string, form: PreferencesForm, evidence: Evidence): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await preferencesPerson(manager, supporterId, true))) return false;
      await updateName(manager, supporterId, form.firstName || null, form.lastName || null);
      const topics = await topicChoicesOf(manager, supporterId);
      await changeTopicChoices(manager, supporterId, choicesFrom(form, topics), {
        ...evidence,
        source: SOURCE,
      });
      return true;
    });
  }

  /** Leaves every topic and stops all marketing email, as one-click unsubscribe does. */
  async unsubscribeFromEverything(supporterId: string, evidence: Evidence): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await preferencesPerson(manager, supporterId, true))) return false;
      await leaveEveryTopic(manager, supporterId, { ...evidence, source: SOURCE });
      await withdrawConsent(manager, supporterId, 'unsubscribed', { ...evidence, source: SOURCE });
      return true;
    });
  }
}
