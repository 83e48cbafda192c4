/**
 * Keeps a `<dialog>` in step with an `open` flag, for use in an `$effect`: shown as a modal
 * when the flag turns true (then `onopen` runs, e.g. to fill it), closed when it turns false.
 * The dialog's own `close` event (Escape, a `method="dialog"` form) should clear the flag.
 */
export function syncModal(dialog: HTMLDialogElement, open: boolean, onopen?: () => void): void {
  if (open && !dialog.open) {
    dialog.showModal();
    onopen?.();
  }
  if (!open && dialog.open) dialog.close();
}
