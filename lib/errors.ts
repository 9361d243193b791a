/** A refused attempt on a record outside the actor's reach, recorded by the request's error handler. */
export type AccessDenial = { actor: { id: string; email: string; ip: string | null }; targetType: string; targetId: string; status: number };

/** The few error kinds the app distinguishes; mapped to results and responses in lib/action-result.ts. */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Messages for particular form fields, so a form can show them beside the field. */
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Set when this error refuses access to someone else's record; the audit log and alerts count these. */
  denial: AccessDenial | null = null;

  deniedTo(denial: Omit<AccessDenial, 'status'>): this {
    this.denial = { ...denial, status: this.status };
    return this;
  }
}
/** Missing and not-yours look the same, so ids of other teams' records are not confirmed. */
export class NotFoundError extends AppError {
  constructor(message = 'Not found.') {
    super(message, 404);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do that.') {
    super(message, 403);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, fieldErrors: Record<string, string> = {}) {
    super(message, 409, fieldErrors);
  }
}
export class ValidationError extends AppError {
  constructor(message: string, fieldErrors: Record<string, string> = {}) {
    super(message, 400, fieldErrors);
  }
}
