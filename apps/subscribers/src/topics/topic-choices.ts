import type { EntityManager } from 'typeorm';
import { appendConsentEvent, type ConsentEvidence } from '../consent/consent-ledger';
import { allTopicIds, defaultTopicIds, setTopicChoices } from './topics.queries';

/** The words a supporter agreed to (or withdrew) for one topic, kept in the ledger row. */
export const topicWording = (name: string, subscribed: boolean): string =>
  subscribed ? `Yes, email me about: ${name}` : `Stop emailing me about: ${name}`;

/**
 * Records a supporter's choices on topics: each one that changes is a consent-ledger row
 * (`topic_joined` / `topic_left`) naming the topic, with the words they saw. Answers how many changed.
 */
export async function changeTopicChoices(
  manager: EntityManager,
  supporterId: string,
  choices: ReadonlyMap<string, boolean>,
  evidence: Omit<ConsentEvidence, 'wording' | 'topicId'>,
): Promise<number> {
  const changed = await setTopicChoices(manager, supporterId, choices);
  for (const topic of changed) {
    await appendConsentEvent(manager, supporterId, topic.subscribed ? 'topic_joined' : 'topic_left', {
      ...evidence,
      topicId: topic.topicId,
      wording: topicWording(topic.name, topic.subscribed),
    });
  }
  return changed.length;
}

/** Leaves every marketing topic (unsubscribing from everything, one-click or on the preference page). */
export async function leaveEveryTopic(
  manager: EntityManager,
  supporterId: string,
  evidence: Omit<ConsentEvidence, 'wording' | 'topicId'>,
): Promise<number> {
  const ids = await allTopicIds(manager);
  return changeTopicChoices(manager, supporterId, new Map(ids.map((id) => [id, false])), evidence);
}

/**
 * A confirmed sign-up puts its supporter back on the topics everyone joins by default (Newsletter),
 * in case they left them when they last unsubscribed: signing up again is asking for them.
 */
export async function rejoinDefaultTopics(
  manager: EntityManager,
  supporterId: string,
  evidence: Omit<ConsentEvidence, 'wording' | 'topicId'>,
): Promise<number> {
  const ids = await defaultTopicIds(manager);
  return changeTopicChoices(manager, supporterId, new Map(ids.map((id) => [id, true])), evidence);
}
