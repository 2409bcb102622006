import express from 'express';
import { DomainError } from '@vigil/shared';
import { HttpError, sendHttpError, toHttpError } from './http-error';

/** The body and headers sendHttpError writes, captured from a minimal response double of express's own. */
function written(error: HttpError, shape: 'vigil' | 'pagerduty') {
  const out: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const res = {
    setHeader(k: string, v: string) {
      out.headers[k.toLowerCase()] = v;
      return this;
    },
    status(s: number) {
      out.status = s;
      return this;
    },
    json(b: unknown) {
      out.body = b;
      return this;
    },
  } as unknown as express.Response;
  sendHttpError(res, error, shape);
  return out;
}

describe('the HTTP error boundary', () => {
  it.each([
    [new DomainError('VALIDATION', 'version is required.', 'version'), 400, 'VALIDATION', 'version'],
    [new DomainError('NOT_FOUND', 'No such thing.', 'id'), 404, 'NOT_FOUND', 'id'],
    [new DomainError('FORBIDDEN', 'No.'), 403, 'FORBIDDEN', null],
    [new DomainError('CONFLICT', 'Busy.'), 409, 'CONFLICT', null],
    [new DomainError('RATE_LIMITED', 'Slow down.'), 429, 'RATE_LIMITED', null],
    [{ type: 'entity.too.large', status: 413 }, 413, 'PAYLOAD_TOO_LARGE', 'body'],
    [{ type: 'entity.parse.failed', status: 400 }, 400, 'VALIDATION', 'body'],
    [new Error('boom'), 500, 'INTERNAL', null],
  ])('maps %p to %i %s', (e, status, code, field) => {
    const error = toHttpError(e);
    expect([error.status, error.code, error.field]).toEqual([status, code, field]);
  });

  it('turns the unexpected into 503 where the caller must retry, and never shows its message', () => {
    const error = toHttpError(new Error('ECONNREFUSED 10.0.0.5:3306'), 'UNAVAILABLE');
    expect([error.status, error.code]).toEqual([503, 'UNAVAILABLE']);
    expect(error.message).not.toMatch(/ECONNREFUSED/);
  });

  it("writes Vigil's shape and PagerDuty's, with Retry-After on a 503", () => {
    expect(written(new HttpError('VALIDATION', 'version is required.', 'version'), 'vigil')).toEqual({
      status: 400,
      body: { error: 'version is required.', code: 'VALIDATION', field: 'version' },
      headers: {},
    });
    expect(written(new HttpError('UNAUTHENTICATED', 'Unknown integration key.', 'key'), 'pagerduty')).toEqual({
      status: 401,
      headers: {},
      body: {
        status: 'unauthorized',
        message: 'Unknown integration key.',
        errors: ['Unknown integration key.'],
        code: 'UNAUTHENTICATED',
        field: 'key',
      },
    });
    expect(written(new HttpError('UNAVAILABLE', 'Retry.'), 'pagerduty')).toMatchObject({
      status: 503,
      body: { status: 'unavailable' },
      headers: { 'retry-after': '5' },
    });
  });
});
