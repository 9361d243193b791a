/** File types the browser shows inline: images through <img>, PDFs in a frame sandboxed by its response's CSP. */
export const PREVIEWABLE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'];
