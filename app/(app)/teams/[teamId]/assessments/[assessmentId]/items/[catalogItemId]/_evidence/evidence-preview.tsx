/**
 * Images load through <img>, which never runs script. PDFs load in a frame whose response carries
 * `CSP: sandbox`, so the document gets an opaque origin and no scripts while Chromium's viewer still draws it
 * (a sandbox attribute on the frame would block the viewer altogether).
 */
export function EvidencePreview({ id, name, mimeType }: { id: string; name: string; mimeType: string }) {
  const src = `/api/evidence/${id}?disposition=inline`;
  return (
    <div className="evidence-preview">
      {mimeType === 'application/pdf' ? (
        <iframe src={src} title={`Preview of ${name}`} referrerPolicy="no-referrer" />
      ) : (
        // eslint-disable-next-line @next/next/no-img-element -- evidence is private and decrypted per request; next/image would cache it
        <img src={src} alt={`Preview of ${name}`} />
      )}
    </div>
  );
}
