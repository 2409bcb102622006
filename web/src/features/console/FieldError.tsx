/** A server message shown right under the field it concerns. */
export function FieldError({ message, field }: { message?: string | null; field: string }) {
  if (!message) return null;
  return (
    <p className="field-error" role="alert" data-testid={`error-${field}`}>
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
