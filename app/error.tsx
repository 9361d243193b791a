'use client';

// Shown for unexpected errors; the details stay in the server log, never on the page.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="narrow">
      <div className="card" role="alert">
        <h1>Something went wrong</h1>
        <p>The page could not be shown. Nothing you saved before is lost.</p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </div>
    </main>
  );
}
