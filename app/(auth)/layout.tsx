export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="site-header">
        <div className="inner">
          <span className="brand">Preflight</span>
        </div>
      </header>
      <main className="narrow">{children}</main>
    </>
  );
}
