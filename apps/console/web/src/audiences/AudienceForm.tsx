import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { subscribersApi, unwrap } from '../api/clients';
import { ApiError } from '../api/errors';
import type { components } from '../api/generated/subscribers';
import { can } from '../auth/permissions';
import { useStaff } from '../auth/session';
import { TextField } from '../ui/Field';
import { FormErrorNotice, Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { AdvancedRules } from './AdvancedRules';
import { AudienceActions } from './AudienceActions';
import { GroupBox } from './builder/GroupBox';
import { LiveCount } from './LiveCount';
import { emptyGroup, fromRules, type GroupDraft, type Rule, toRules, UnshownRuleError } from './rule-model';
import type { FieldInfo } from './schema';

type Segment = components['schemas']['SegmentDto'];

function initialRules(fields: readonly FieldInfo[], rules: unknown): { root: GroupDraft; raw: Rule | null } {
  if (rules === undefined) return { root: emptyGroup(), raw: null };
  try {
    return { root: fromRules(rules, fields), raw: null };
  } catch (error) {
    if (error instanceof UnshownRuleError) return { root: emptyGroup(), raw: rules as Rule };
    throw error;
  }
}

/** The builder with its name, live count and actions; read-only for built-ins and for viewers. */
export function AudienceForm({
  fields,
  segment,
  startFrom,
}: {
  fields: readonly FieldInfo[];
  segment?: Segment;
  startFrom?: Segment;
}) {
  const staff = useStaff();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const saved = (useLocation().state as { saved?: boolean } | null)?.saved === true;
  const start = useMemo(
    () => initialRules(fields, (segment ?? startFrom)?.rules),
    [fields, segment, startFrom],
  );
  const [root, setRoot] = useState(start.root);
  // Rules the builder cannot show are kept and edited as JSON only.
  const [raw, setRaw] = useState(start.raw);
  const [name, setName] = useState(segment?.name ?? (startFrom ? `Copy of ${startFrom.name}` : ''));
  const [description, setDescription] = useState(segment?.description ?? startFrom?.description ?? '');
  const [showProblems, setShowProblems] = useState(false);
  const [nameMissing, setNameMissing] = useState(false);
  const readOnly = !can(staff.role, 'segments:write') || segment?.builtin === true;
  const built = useMemo(() => toRules(root, fields), [root, fields]);
  const rule = raw ?? built.rule;

  const save = useMutation({
    mutationFn: async (body: { name: string; description: string | null; rules: Rule }) =>
      segment
        ? unwrap(subscribersApi.PUT('/segments/{id}', { params: { path: { id: segment.id } }, body }))
        : unwrap(subscribersApi.POST('/segments', { body })),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['segments'] });
      queryClient.setQueryData(['segments', 'one', result.id], result);
      navigate(`/audiences/${result.id}`, { replace: true, state: { saved: true } });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShowProblems(true);
    setNameMissing(!name.trim());
    if (!name.trim() || !rule) return;
    save.mutate({ name: name.trim(), description: description.trim() || null, rules: rule });
  };

  const title = segment ? segment.name : 'New audience';
  return (
    <>
      <PageHeader title={title}>
        <Link to="/audiences">All audiences</Link>
      </PageHeader>
      {saved && !save.isPending && <Notice kind="success">Audience saved.</Notice>}
      {segment?.builtin && (
        <Notice>
          A built-in audience: it cannot be changed.{' '}
          {can(staff.role, 'segments:write') && (
            <Link to={`/audiences/new?from=${segment.id}`}>Start a new audience from it</Link>
          )}
        </Notice>
      )}
      {!segment?.builtin && readOnly && <Notice>Your role can look at audiences but not change them.</Notice>}
      <div className="audience-layout">
        <form className={readOnly ? 'audience-form read-only' : 'audience-form'} onSubmit={submit} noValidate>
          <fieldset disabled={readOnly} className="plain">
            <legend className="visually-hidden">Audience</legend>
            <div className="panel">
              <TextField
                label="Name"
                value={name}
                maxLength={200}
                error={
                  nameMissing && !name.trim()
                    ? 'Give the audience a name.'
                    : save.error instanceof ApiError
                      ? save.error.forField('name')
                      : undefined
                }
                onChange={(event) => setName(event.target.value)}
              />
              <TextField
                label="Description (optional)"
                hint="What this audience is for, e.g. “Donors to thank before the summer appeal”."
                value={description}
                maxLength={1000}
                onChange={(event) => setDescription(event.target.value)}
              />
            </div>
            <div className="panel">
              <h2>Who is in it</h2>
              {raw ? (
                <Notice kind="warning">
                  These rules use options the builder cannot show yet; they are under “Advanced” below.
                </Notice>
              ) : (
                <GroupBox
                  group={root}
                  number=""
                  depth={0}
                  fields={fields}
                  problems={built.problems}
                  showProblems={showProblems}
                  onChange={setRoot}
                />
              )}
              <AdvancedRules
                rule={rule}
                fields={fields}
                readOnly={readOnly}
                onApply={(next) => {
                  try {
                    setRoot(fromRules(next, fields));
                    setRaw(null);
                  } catch (error) {
                    if (!(error instanceof UnshownRuleError)) throw error;
                    setRaw(next);
                  }
                }}
              />
            </div>
            <FormErrorNotice error={save.error} fields={['name']} />
            {!readOnly && (
              <div className="actions">
                <button type="submit" className="primary" disabled={save.isPending}>
                  {save.isPending ? 'Saving…' : segment ? 'Save changes' : 'Save audience'}
                </button>
                {showProblems && !rule && (
                  <span className="field-error">Finish the conditions marked above.</span>
                )}
              </div>
            )}
          </fieldset>
        </form>
        <div className="audience-side">
          <LiveCount rule={rule} />
          {segment && <AudienceActions segment={segment} canDelete={!readOnly} />}
        </div>
      </div>
    </>
  );
}
