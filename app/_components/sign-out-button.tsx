'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="link"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        await signOut({ callbackUrl: '/login?notice=signed-out' });
      }}
    >
      Sign out
    </button>
  );
}
