import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="narrow">
      <div className="card">
        <h1>Not found</h1>
        <p>This page does not exist, or you do not have access to it.</p>
        <p>
          <Link href="/">Go to the start page</Link>
        </p>
      </div>
    </main>
  );
}
