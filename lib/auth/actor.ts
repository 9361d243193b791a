/** Who is acting, passed to every query so that authorization and the audit trail live in one layer. */
export type Actor = {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  ip: string | null;
  /** The instance requires a second factor of this person and they have none yet: only enrolment is open to them. */
  mfaEnrolmentDue?: boolean;
};
