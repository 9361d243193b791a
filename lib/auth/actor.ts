/** Who is acting, passed to every query so that authorization and the audit trail live in one layer. */
export type Actor = {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  ip: string | null;
};
