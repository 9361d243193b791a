'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export type ConfirmDialogProps = {
  /** Whether the dialog is shown; the caller owns this state. */
  open: boolean;
  /** The question, also the dialog's accessible name, e.g. "Disable Mo Member?". */
  title: string;
  /** What confirming will do that cannot simply be taken back; read out as the dialog's description. */
  consequence: ReactNode;
  /** Names the action, e.g. "Disable account"; "Confirm" alone would not say what happens. */
  confirmLabel: string;
  cancelLabel?: string;
  /** 'danger' styles the confirm button as destructive. */
  tone?: 'danger' | 'default';
  onConfirm: () => void;
  /** Called for Cancel, Escape and a click on the backdrop; nothing else happens. */
  onCancel: () => void;
};

/**
 * A confirmation in a native modal <dialog>: the browser keeps focus inside and the rest of the page inert.
 * Focus starts on Cancel, so a stray Enter changes nothing, and returns to where it was when the dialog closes.
 * Nothing is rendered while closed, so a page with a confirmation per row carries no hidden dialogs.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  return props.open ? <OpenConfirmDialog {...props} /> : null;
}

function OpenConfirmDialog({ title, consequence, confirmLabel, cancelLabel = 'Cancel', tone = 'default', onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const consequenceId = useId();

  useEffect(() => {
    const dialog = ref.current!;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // The trigger may have been re-rendered away (e.g. after a refresh); then focus stays where it lands.
      if (returnTo?.isConnected) returnTo.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={consequenceId}
      onCancel={(event) => {
        // Escape: let React state close the dialog, so `open` and the element never disagree.
        event.preventDefault();
        onCancel();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself, outside its box; one on its padding lands inside.
        const box = event.currentTarget.getBoundingClientRect();
        const outside = event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
        if (event.target === event.currentTarget && outside) onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={consequenceId}>{typeof consequence === 'string' ? <p>{consequence}</p> : consequence}</div>
      <div className="row-actions">
        <button ref={cancelRef} type="button" className="secondary" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="button" className={tone === 'danger' ? 'danger' : undefined} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

export type ConfirmButtonProps = Omit<ConfirmDialogProps, 'open' | 'onCancel'> & {
  /** The trigger's text, e.g. "Disable Mo Member". */
  children: ReactNode;
  className?: string;
  disabled?: boolean;
};

/** A button that asks first: the common case of ConfirmDialog, for an action that always needs confirming. */
export function ConfirmButton({ children, className, disabled, onConfirm, ...dialog }: ConfirmButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className} disabled={disabled} onClick={() => setOpen(true)}>
        {children}
      </button>
      <ConfirmDialog
        {...dialog}
        open={open}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false);
          onConfirm();
        }}
      />
    </>
  );
}
