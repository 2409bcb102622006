import { useId, useState } from 'react';
import { FormErrors, NO_ERRORS, formErrors } from './consoleModel';

/**
 * Runs one form's mutation and keeps its errors, split by the fields the form has. `describedBy(field)` goes on the
 * field's input and `fieldError(field)` on its FieldError: together they link a message to its input (aria-invalid,
 * aria-describedby) with an id unique to this form.
 */
export function useFormAction(fields: readonly string[]) {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const scope = useId();
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await action();
      return true;
    } catch (e) {
      setErrors(formErrors(e, fields));
      return false;
    } finally {
      setBusy(false);
    }
  }
  const errorId = (field: string) => `${scope}error-${field}`;
  const describedBy = (field: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } =>
    errors.fields[field] ? { 'aria-invalid': true, 'aria-describedby': errorId(field) } : {};
  const fieldError = (field: string) => ({ field, id: errorId(field), message: errors.fields[field] ?? null });
  return { errors, busy, run, describedBy, fieldError };
}
