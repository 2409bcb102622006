/** A unique index refused the row (MySQL/MariaDB ER_DUP_ENTRY, SQLite's unique constraint): someone wrote it first. */
export function isDuplicateKey(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = err.driverError?.code ?? err.code;
  return (
    code === 'ER_DUP_ENTRY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT' ||
    (err.driverError?.errno ?? err.errno) === 1062
  );
}
