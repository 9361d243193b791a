'use client';

import { usePathname } from 'next/navigation';
import { useRef, useState, type ReactNode } from 'react';

/**
 * The header's links and account line. On a wide screen they sit in the header row; on a narrow one (see
 * globals.css) they fold behind a Menu button, so nine links do not push the page wider than a phone.
 */
export function MainNav({ links, account }: { links: ReactNode; account: ReactNode }) {
  const pathname = usePathname();
  // Open for the page it was opened on: following a link closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const toggle = useRef<HTMLButtonElement>(null);

  return (
    <div
      className={open ? 'nav-area open' : 'nav-area'}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return;
        setOpenOn(null);
        toggle.current?.focus();
      }}
    >
      <button ref={toggle} type="button" className="nav-toggle" aria-expanded={open} aria-controls="nav-panel" onClick={() => setOpenOn(open ? null : pathname)}>
        Menu
      </button>
      <div id="nav-panel" className="nav-panel">
        <nav aria-label="Main">
          <ul>{links}</ul>
        </nav>
        <div className="who">{account}</div>
      </div>
    </div>
  );
}
