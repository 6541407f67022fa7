import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { subscribersApi, unwrap } from '../api/clients';
import { ErrorNotice, Loading, Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { type Topic, TOPICS_KEY, useTopics } from './queries';
import { type TopicDraft, TopicForm } from './TopicForm';
import './topics.css';

const addTopic = (body: TopicDraft) => unwrap(subscribersApi.POST('/topics', { body }));
const changeTopic = (id: string, body: TopicDraft) =>
  unwrap(subscribersApi.PATCH('/topics/{id}', { params: { path: { id } }, body }));

const count = new Intl.NumberFormat('en-GB');

/** "2 subscribers on it", and for the Newsletter how people come to be on it. */
function subscribersWords(topic: Topic): string {
  const on =
    topic.subscribers === 0
      ? 'No subscribers on it yet'
      : `${count.format(topic.subscribers)} subscriber${topic.subscribers === 1 ? '' : 's'} on it`;
  return topic.joinedByDefault ? `${on}: everyone who subscribes, unless they leave it.` : `${on}.`;
}
const NEW_TOPIC: TopicDraft = { name: '', description: '', softOptIn: false };

/** What changed, in a sentence for the notice above the screen. */
function changedWords(before: Topic, after: Topic): string {
  const changes: string[] = [];
  if (before.name !== after.name) changes.push(`“${before.name}” is now called “${after.name}”`);
  if (before.description !== after.description) changes.push('what supporters see under it is changed');
  if (before.softOptIn !== after.softOptIn)
    changes.push(
      after.softOptIn
        ? 'donors under the soft opt-in may now receive it'
        : 'donors under the soft opt-in now get it only if they choose it',
    );
  if (changes.length === 0) return `Nothing changed on “${after.name}”.`;
  const sentence = changes.join('; ');
  const subject = before.name !== after.name ? '' : `“${after.name}”: `;
  return `${subject}${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/**
 * The topics supporters choose on their preference page (Newsletter, Appeals…): how many are on
 * each, adding one, and changing one's name, its line for supporters, and whether donors under
 * the charity soft opt-in may receive it.
 */
export default function TopicsScreen() {
  const queryClient = useQueryClient();
  // What was just done, said inside the box of the topic it was done to.
  const [done, setDone] = useState<{ topicId: string; text: string } | null>(null);
  const [editing, setEditing] = useState<Topic | null>(null);
  const [added, setAdded] = useState(0);
  const topics = useTopics();
  const refresh = () => queryClient.invalidateQueries({ queryKey: TOPICS_KEY });
  const add = useMutation({
    mutationFn: addTopic,
    onSuccess: async (topic) => {
      setDone({
        topicId: topic.id,
        text: `“${topic.name}” is added. Supporters can choose it on their preference page now.`,
      });
      setAdded((n) => n + 1);
      await refresh();
    },
  });
  const change = useMutation({
    mutationFn: ({ id, draft }: { id: string; draft: TopicDraft }) => changeTopic(id, draft),
    onSuccess: async (topic) => {
      if (editing) setDone({ topicId: topic.id, text: changedWords(editing, topic) });
      setEditing(null);
      await refresh();
    },
  });
  const startEditing = (topic: Topic) => {
    change.reset();
    setDone(null);
    setEditing(topic);
  };
  return (
    <>
      <PageHeader title="Email topics" />
      <p>
        Supporters choose these on the page linked from every email. An email is sent for one topic and
        reaches only the people on it.
      </p>
      <section aria-labelledby="topics-heading">
        <h2 id="topics-heading">Topics</h2>
        <ErrorNotice error={topics.error} />
        {topics.isPending && <Loading what="Loading topics" />}
        {topics.data && (
          <ul className="topic-list">
            {topics.data.items.map((topic) => (
              <li key={topic.id} className="panel" aria-labelledby={`topic-${topic.id}`}>
                <div className="topic-head">
                  <h3 id={`topic-${topic.id}`}>{topic.name}</h3>
                  {editing?.id !== topic.id && (
                    <button type="button" onClick={() => startEditing(topic)}>
                      Change<span className="visually-hidden"> {topic.name}</span>
                    </button>
                  )}
                </div>
                <p>
                  {topic.description
                    ? `Supporters see under it: “${topic.description}”`
                    : 'Supporters see only its name.'}
                </p>
                <ul className="topic-facts">
                  <li>{subscribersWords(topic)}</li>
                  <li>
                    {topic.softOptIn
                      ? 'Also goes to donors under the charity soft opt-in.'
                      : 'Donors under the charity soft opt-in get it only if they choose it.'}
                  </li>
                </ul>
                {done?.topicId === topic.id && <Notice kind="success">{done.text}</Notice>}
                {editing?.id === topic.id && (
                  <TopicForm
                    title={`Change “${editing.name}”`}
                    level={3}
                    submitLabel="Save the changes"
                    initial={{
                      name: editing.name,
                      description: editing.description,
                      softOptIn: editing.softOptIn,
                    }}
                    saving={change.isPending}
                    error={change.error}
                    focusOnOpen
                    onSubmit={(draft) => change.mutate({ id: editing.id, draft })}
                    onCancel={() => setEditing(null)}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="panel">
        <TopicForm
          key={`add-${added}`}
          title="Add a topic"
          submitLabel="Add the topic"
          initial={NEW_TOPIC}
          saving={add.isPending}
          error={add.error}
          onSubmit={(draft) => {
            setDone(null);
            add.mutate(draft);
          }}
        />
      </div>
    </>
  );
}
