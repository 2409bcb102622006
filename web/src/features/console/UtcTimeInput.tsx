import { InputHTMLAttributes } from 'react';
import { parseUtcInput } from '@vigil/shared';

/**
 * A time field that reads and writes Vigil's one format, "2026-12-04 15:08" in UTC (the label names the zone). Not
 * `datetime-local`: that shows the browser's locale ("12/04/2026, 03:08 PM" in en-US) while the console and the
 * wall speak 24-hour UTC, and means local time to the person typing.
 */
export function UtcTimeInput({
  value,
  onText,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange'> & {
  value: string;
  onText: (text: string) => void;
}) {
  return (
    <input
      type="text"
      className="utc-time"
      placeholder="YYYY-MM-DD HH:MM"
      autoComplete="off"
      spellCheck={false}
      value={value}
      onChange={(e) => onText(e.target.value)}
      {...rest}
    />
  );
}

/** An input the form refuses before asking the server, shaped like the server's field errors (useFormAction). */
class FieldInputError extends Error {
  readonly errors: ReadonlyArray<{ message: string; extensions: { field: string } }>;
  constructor(field: string, message: string) {
    super(message);
    this.errors = [{ message, extensions: { field } }];
  }
}

/**
 * The ISO time a UtcTimeInput's text means, or a FieldInputError naming the field and the format it wants (after
 * `where`, e.g. "Entry 3: ", when the field is one of a list).
 */
export function utcFieldValue(field: string, text: string, where = ''): string {
  const read = parseUtcInput(text);
  if (!read.ok) throw new FieldInputError(field, `${where}${read.error}`);
  return read.at.toISOString();
}
