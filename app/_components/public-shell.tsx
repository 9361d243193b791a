/** The frame of pages anyone may open: the brand, no navigation, a narrow column. */
export function PublicShell({ children }: { children: React.ReactNode }) {
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
