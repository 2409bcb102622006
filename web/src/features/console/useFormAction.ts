import { useState } from 'react';
import { FormErrors, NO_ERRORS, formErrors } from './consoleModel';

/** Runs one form's mutation and keeps its errors, split by the fields the form has. */
export function useFormAction(fields: readonly string[]) {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
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
  return { errors, busy, run };
}
