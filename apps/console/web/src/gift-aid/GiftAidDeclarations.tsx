import { useState } from 'react';
import { can } from '../auth/permissions';
import { useStaff } from '../auth/session';
import { date } from '../format';
import { ErrorNotice, Loading, Notice } from '../ui/Notice';
import { CancelDeclaration } from './CancelDeclaration';
import { ConfirmationActions } from './ConfirmationActions';
import { useDeclarations } from './queries';
import { type DeclaringSupporter, RecordDeclaration } from './RecordDeclaration';
import { type Declaration, declarationStatus, declaredName, METHOD_LABELS, scopeWords } from './words';
import './gift-aid.css';

type Supporter = DeclaringSupporter & { email: string | null; erasedAt: string | null };

/** The supporter profile's Gift Aid panel: their declarations, and for fundraisers a way to add or cancel one. */
export function GiftAidDeclarations({ supporter }: { supporter: Supporter }) {
  const staff = useStaff();
  if (!can(staff.role, 'donations:read')) return null;
  return <DeclarationsPanel supporter={supporter} writable={can(staff.role, 'donations:write')} />;
}

function DeclarationsPanel({ supporter, writable }: { supporter: Supporter; writable: boolean }) {
  const declarations = useDeclarations(supporter.id);
  const [adding, setAdding] = useState(false);
  const [recorded, setRecorded] = useState<Declaration | null>(null);
  const items = declarations.data?.items ?? [];
  const canRecord = writable && !supporter.erasedAt;
  return (
    <section aria-labelledby="declarations-title" className={adding ? 'panel full-width' : 'panel'}>
      <h2 id="declarations-title">Gift Aid declarations</h2>
      <ErrorNotice error={declarations.error} />
      {declarations.isPending && <Loading what="Loading the declarations" />}
      {recorded && (
        <Notice kind="success">
          Declaration saved.
          {recorded.awaitingConfirmation &&
            ' It counts once its written confirmation is sent: email it or print the letter below.'}
        </Notice>
      )}
      {declarations.data && items.length === 0 && <p className="muted">No Gift Aid declaration.</p>}
      {items.length > 0 && (
        <ul className="declarations">
          {items.map((declaration) => (
            <DeclarationItem
              key={declaration.id}
              declaration={declaration}
              writable={canRecord}
              canEmail={Boolean(supporter.email)}
            />
          ))}
        </ul>
      )}
      {canRecord &&
        (adding ? (
          <RecordDeclaration
            supporter={supporter}
            onDone={(declaration) => {
              setRecorded(declaration);
              setAdding(false);
            }}
            onClose={() => setAdding(false)}
          />
        ) : (
          <div className="actions">
            <button
              type="button"
              onClick={() => {
                setRecorded(null);
                setAdding(true);
              }}
            >
              Record a declaration
            </button>
          </div>
        ))}
    </section>
  );
}

function DeclarationItem({
  declaration,
  writable,
  canEmail,
}: {
  declaration: Declaration;
  writable: boolean;
  canEmail: boolean;
}) {
  const status = declarationStatus(declaration);
  const tone = declaration.awaitingConfirmation ? 'waiting' : declaration.cancelledAt ? 'cancelled' : '';
  return (
    <li>
      <p className={`declaration-status ${tone}`.trim()}>{status}</p>
      <dl className="details">
        <dt>Made</dt>
        <dd>
          {METHOD_LABELS[declaration.method]}, on {date(declaration.declaredAt)}
        </dd>
        <dt>Covers</dt>
        <dd>{scopeWords(declaration)}</dd>
        <dt>Declared as</dt>
        <dd>
          {declaredName(declaration)}, {declaration.houseNameOrNumber}, {declaration.postcode}
        </dd>
        {declaration.evidenceNote && (
          <>
            <dt>Evidence</dt>
            <dd className="notes">{declaration.evidenceNote}</dd>
          </>
        )}
        {declaration.createdBy && (
          <>
            <dt>Recorded by</dt>
            <dd>
              {declaration.createdBy} on {date(declaration.createdAt)}
            </dd>
          </>
        )}
      </dl>
      {writable && declaration.awaitingConfirmation && (
        <ConfirmationActions declaration={declaration} canEmail={canEmail} />
      )}
      {writable && !declaration.cancelledAt && (
        <div className="actions">
          <CancelDeclaration declaration={declaration} />
        </div>
      )}
    </li>
  );
}
