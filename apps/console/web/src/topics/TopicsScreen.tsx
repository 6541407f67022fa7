import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { subscribersApi, unwrap } from '../api/clients';
import { ErrorNotice, Loading, Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { Table } from '../ui/Table';
import { TextField } from '../ui/Field';

const listTopics = () => unwrap(subscribersApi.GET('/topics'));
const addTopic = (body: { name: string; description: string; softOptIn: boolean }) =>
  unwrap(subscribersApi.POST('/topics', { body }));
const setSoftOptIn = (id: string, softOptIn: boolean) =>
  unwrap(subscribersApi.PATCH('/topics/{id}', { params: { path: { id } }, body: { softOptIn } }));

const count = new Intl.NumberFormat('en-GB');

/**
 * The topics supporters choose on their preference page (Newsletter, Appeals…): how many are on
 * each, adding one, and whether donors under the charity soft opt-in may receive it.
 */
export default function TopicsScreen() {
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const topics = useQuery({ queryKey: ['topics'], queryFn: listTopics });
  const toggle = useMutation({
    mutationFn: ({ id, softOptIn }: { id: string; softOptIn: boolean }) => setSoftOptIn(id, softOptIn),
    onSuccess: async (topic) => {
      setDone(
        topic.softOptIn
          ? `Donors under the soft opt-in may now receive ${topic.name}.`
          : `${topic.name} now goes only to people who chose it.`,
      );
      await queryClient.invalidateQueries({ queryKey: ['topics'] });
    },
  });
  return (
    <>
      <PageHeader title="Email topics" />
      <p>
        Supporters choose these on the page linked from every email. An email is sent for one topic and
        reaches only the people on it.
      </p>
      {done && <Notice kind="success">{done}</Notice>}
      <AddTopic onAdded={(name) => setDone(`${name} is added. It is on the preference page now.`)} />
      <h2>Topics</h2>
      <ErrorNotice error={topics.error ?? toggle.error} />
      {topics.isPending && <Loading what="Loading topics" />}
      {topics.data && (
        <Table
          caption="Email topics"
          columns={[
            'Topic',
            'What supporters see',
            'Subscribers',
            'Soft opt-in donors',
            { label: 'Actions', hidden: true },
          ]}
        >
          {topics.data.items.map((topic) => (
            <tr key={topic.id}>
              <td>{topic.name}</td>
              <td className="wrap">{topic.description}</td>
              <td>{count.format(topic.subscribers)}</td>
              <td>{topic.softOptIn ? 'May receive it' : 'Only if they choose it'}</td>
              <td>
                <button
                  type="button"
                  disabled={toggle.isPending}
                  onClick={() => toggle.mutate({ id: topic.id, softOptIn: !topic.softOptIn })}
                >
                  {topic.softOptIn ? 'Stop sending to soft opt-in donors' : 'Send to soft opt-in donors'}
                  <span className="visually-hidden"> ({topic.name})</span>
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

function AddTopic({ onAdded }: { onAdded(name: string): void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: '', description: '', softOptIn: false });
  const add = useMutation({
    mutationFn: () => addTopic({ ...form, name: form.name.trim(), description: form.description.trim() }),
    onSuccess: async (topic) => {
      onAdded(topic.name);
      setForm({ name: '', description: '', softOptIn: false });
      await queryClient.invalidateQueries({ queryKey: ['topics'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <form aria-label="Add a topic" onSubmit={submit} noValidate>
      <h2>Add a topic</h2>
      <TextField
        label="Name"
        value={form.name}
        maxLength={80}
        onChange={(event) => setForm({ ...form, name: event.target.value })}
      />
      <TextField
        label="What supporters see under it"
        hint="One line, such as “When an emergency needs your help”."
        value={form.description}
        maxLength={300}
        onChange={(event) => setForm({ ...form, description: event.target.value })}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={form.softOptIn}
          onChange={(event) => setForm({ ...form, softOptIn: event.target.checked })}
        />{' '}
        Donors under the charity soft opt-in may receive it (our own appeals and campaigns only, never a
        partner’s offer)
      </label>
      <ErrorNotice error={add.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={add.isPending}>
          Add the topic
        </button>
      </div>
    </form>
  );
}
