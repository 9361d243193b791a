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
