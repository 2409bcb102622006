/**
 * A server message shown right under the field it concerns. The input names it with aria-describedby: by default
 * "error-<field>"; a form from useFormAction passes its own id (`{...fieldError('reason')}`), so two forms on one page
 * that both have a "reason" never share an id.
 */
export function FieldError({ message, field, id }: { message?: string | null; field: string; id?: string }) {
  if (!message) return null;
  return (
    <p className="field-error" role="alert" id={id ?? `error-${field}`} data-testid={`error-${field}`}>
      {message}
    </p>
  );
}

/** A message that concerns the whole form rather than one field. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
