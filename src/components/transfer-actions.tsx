import { useId, useState, type ChangeEvent, type ReactNode } from 'react';
import { ImportError } from '../lib/record-storage';

interface TransferActionsProps {
  /** The export buttons, before the import field. */
  children: ReactNode;
  /** The file field's label ("Import saved stories from a file"). */
  label: string;
  /** What the export is called, for the messages ("saved-stories", "highlights"). */
  exportName: string;
  /** A file larger than this is not an export of ours, and is not read. */
  maxBytes: number;
  disabled?: boolean;
  /**
   * Imports the file's text and says what it did ("Imported 2 stories."). An `ImportError`'s
   * message is the reader's; anything else thrown is a file that could not be read.
   */
  onImport: (text: string) => Promise<string>;
}

/**
 * A store's export buttons and its import: a file field, and what came of it, the result
 * announced politely, a refusal as an alert (the store changes nothing then). The field is
 * emptied after each try, so the same file can be chosen again, and the same message twice is
 * announced twice. Shared by the saved stories' page and the highlights page.
 */
export function TransferActions({
  children,
  label,
  exportName,
  maxBytes,
  disabled,
  onImport,
}: TransferActionsProps) {
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const id = useId();

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setOutcome(null);
    try {
      if (file.size > maxBytes) {
        throw new ImportError(`This file is too large to be a Dispatch ${exportName} export.`);
      }
      setOutcome({ ok: true, message: await onImport(await file.text()) });
    } catch (error) {
      const message =
        error instanceof ImportError
          ? error.message
          : 'Dispatch could not read this file. Try choosing it again.';
      setOutcome({ ok: false, message });
    } finally {
      input.value = '';
    }
  }

  return (
    <>
      <div className="saved-transfer-actions">
        {children}
        <div className="saved-import">
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            type="file"
            accept="application/json,.json"
            disabled={disabled}
            onChange={importFile}
          />
        </div>
      </div>
      <div role="alert" className="saved-import-error">
        {outcome && !outcome.ok ? <p>{outcome.message}</p> : null}
      </div>
      <p role="status" className="saved-import-result">
        {outcome?.ok ? outcome.message : null}
      </p>
    </>
  );
}
