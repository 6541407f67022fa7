import { type ReactNode, useEffect, useId, useRef } from 'react';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  /** Says what the button does: "Disable Sam Smith", "Erase 1 person". */
  confirmLabel: string;
  /** Says what dismissing keeps, when "Cancel" would be ambiguous: "Keep sending". */
  cancelLabel?: string;
  destructive?: boolean;
  busy?: boolean;
  /** False keeps the confirm button disabled (e.g. until a typed confirmation matches). */
  canConfirm?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * A modal confirmation on the native <dialog>: focus moves into it, Escape cancels, and focus
 * returns to the button that opened it.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  destructive = false,
  busy = false,
  canConfirm = true,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      className="dialog"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          // A dialog opened from a form must not submit that form too (React events bubble through portals and nesting).
          event.preventDefault();
          event.stopPropagation();
          if (canConfirm && !busy) onConfirm();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        <div className="dialog-body">{children}</div>
        <div className="actions">
          <button type="submit" className={destructive ? 'danger' : 'primary'} disabled={!canConfirm || busy}>
            {busy ? 'Working…' : confirmLabel}
          </button>
          <button type="button" onClick={onCancel}>
            {cancelLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
