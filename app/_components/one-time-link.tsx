'use client';

import { useState } from 'react';

/** Shows a one-time link once, with a copy button; the link is never stored in readable form. */
export function OneTimeLink({ label, link }: { label: string; link: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="alert info" role="status">
      <p>
        <strong>{label}</strong> Hand it over in person or through a private channel. It works once, for 72 hours, and is not shown again.
      </p>
      <div className="copy-box">
        <input type="text" readOnly value={link} aria-label="One-time link" onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(link).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}
