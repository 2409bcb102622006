/** A server message shown right under the field it concerns; the input names it with aria-describedby="error-<field>". */
export function FieldError({ message, field }: { message?: string | null; field: string }) {
  if (!message) return null;
  return (
    <p className="field-error" role="alert" id={`error-${field}`} data-testid={`error-${field}`}>
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
