/** One error of an admin API answer, optionally naming the policy field it concerns. */
export interface FieldError {
  field?: string;
  message: string;
}

/**
 * A failed call. {@code status} 0 means the server could not be reached. {@code errors} holds every message the
 * server gave (one, or one per field for a refused policy).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: FieldError[];

  constructor(status: number, message: string, errors: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.errors = errors.length > 0 ? errors : [{ message }];
  }

  /** The field of the first error, if the server named one. */
  get field(): string | undefined {
    return this.errors.find((e) => e.field)?.field;
  }

  get isLockout(): boolean {
    return this.status === 409 && this.errors.some((e) => e.field === 'roles');
  }

  get isMissing(): boolean {
    return this.status === 404 || this.status === 405;
  }
}

interface ErrorBody {
  errorMessage?: unknown;
  field?: unknown;
  errors?: unknown;
  error?: unknown;
  error_description?: unknown;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/**
 * Reads Keycloak's admin error bodies: {@code {"errorMessage","field"}}, {@code {"errorMessage","errors":[...]}},
 * OAuth-style {@code {"error","error_description"}}, or anything else (then the HTTP status text).
 */
export function errorFromBody(status: number, statusText: string, body: string): ApiError {
  let parsed: ErrorBody | undefined;
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === 'object' && !Array.isArray(json)) {
      parsed = json as ErrorBody;
    }
  } catch {
    parsed = undefined;
  }
  const fallback = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  if (!parsed) {
    return new ApiError(status, fallback);
  }
  const errors: FieldError[] = [];
  if (Array.isArray(parsed.errors)) {
    for (const e of parsed.errors) {
      if (e && typeof e === 'object') {
        const item = e as ErrorBody;
        const message = text(item.errorMessage);
        if (message) {
          errors.push({ field: text(item.field), message });
        }
      }
    }
  }
  const top = text(parsed.errorMessage) ?? text(parsed.error_description) ?? text(parsed.error);
  if (errors.length === 0 && top) {
    errors.push({ field: text(parsed.field), message: top });
  }
  const message = top ?? errors.map((e) => e.message).join(' ') ?? fallback;
  return new ApiError(status, message || fallback, errors);
}
