import { administers } from '@/lib/permissions';
import Link from 'next/link';
import { MainNav } from '@/app/_components/main-nav';
import { NavLink } from '@/app/_components/nav-link';
import { SignOutButton } from '@/app/_components/sign-out-button';
import { isReviewerAnywhere } from '@/db/queries/review-queue';
import { countOpenAlerts } from '@/db/queries/alert-admin';
import { requireUser } from '@/app/_server/current-user';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // Pages gate themselves (requireUser); the layout lets enrolment through and then shows only what it allows.
  const actor = await requireUser({ duringMfaEnrolment: true });
  if (actor.mfaEnrolmentDue) return <EnrolmentOnlyShell name={actor.name}>{children}</EnrolmentOnlyShell>;
  const reviews = isReviewerAnywhere(actor);
  const openAlerts = administers(actor) ? countOpenAlerts(actor) : 0;
  return (
    <AppShell
      brand={
        <Link href="/" className="brand">
          Preflight
        </Link>
      }
      links={
        <>
          <li>
            <NavLink href="/">Home</NavLink>
          </li>
          <li>
            <NavLink href="/catalog">Catalog</NavLink>
          </li>
          <li>
            <NavLink href="/verify">Verify report</NavLink>
          </li>
          {(reviews || administers(actor)) && (
            <li>
              <NavLink href="/dashboard">Dashboard</NavLink>
            </li>
          )}
          {reviews && (
            <li>
              <NavLink href="/reviews">Reviews</NavLink>
            </li>
          )}
          {administers(actor) && (
            <>
              <li>
                <NavLink href="/admin/users">Users</NavLink>
              </li>
              <li>
                <NavLink href="/admin/teams">Teams</NavLink>
              </li>
              <li>
                <NavLink href="/admin/audit">Audit log</NavLink>
              </li>
              <li>
                <NavLink href="/admin/webhooks">Webhooks</NavLink>
              </li>
              <li>
                <NavLink href="/admin/tokens">API tokens</NavLink>
              </li>
              <li>
                <NavLink href="/admin/settings">Settings</NavLink>
              </li>
              <li>
                <NavLink href="/admin/alerts">
                  Alerts
                  {openAlerts > 0 && (
                    <span className="nav-badge">
                      {openAlerts}
                      <span className="sr-only"> open</span>
                    </span>
                  )}
                </NavLink>
              </li>
            </>
          )}
        </>
      }
      account={
        <>
          <Link href="/account">
            <strong>{actor.name}</strong>
          </Link>
          {administers(actor) && ' (admin)'}
        </>
      }
    >
      {children}
    </AppShell>
  );
}

/** While a required second factor is missing, nothing else is on offer, so the navigation offers nothing else. */
function EnrolmentOnlyShell({ name, children }: { name: string; children: React.ReactNode }) {
  return (
    <AppShell
      brand={<span className="brand">Preflight</span>}
      links={
        <li>
          <NavLink href="/account/mfa">Sign-in security</NavLink>
        </li>
      }
      account={<strong>{name}</strong>}
    >
      {children}
    </AppShell>
  );
}

function AppShell({ brand, links, account, children }: { brand: React.ReactNode; links: React.ReactNode; account: React.ReactNode; children: React.ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="inner">
          {brand}
          <MainNav
            links={links}
            account={
              <>
                <span>Signed in as {account}</span>
                <SignOutButton />
              </>
            }
          />
        </div>
      </header>
      <main id="main">{children}</main>
    </>
  );
}
