'use client';

import { useState } from 'react';
import type { CreatedToken } from './token-types';

/** The new token, shown once with a copy button; Preflight keeps only its hash, so it cannot be shown again. */
export function NewToken({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="alert success" role="status">
      <p>
        <strong>Token “{created.name}” made.</strong> Copy it now and keep it in your CI’s secret store: it is shown only this once. It expires on{' '}
        {created.expiresAt.slice(0, 10)}.
      </p>
      <div className="copy-box">
        <input id="new-token-value" type="text" readOnly value={created.token} aria-label="Your new API token" spellCheck={false} autoComplete="off" onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(created.token).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p>
        <button type="button" className="secondary" onClick={onDone}>
          I have copied it
        </button>
      </p>
    </div>
  );
}
