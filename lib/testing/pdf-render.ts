import { getDocumentProxy, renderPageAsImage } from 'unpdf';

// pdf.js 5 calls ArrayBuffer.prototype.transferToFixedLength, which Node 20 lacks; a copy does the same here.
const proto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
proto.transferToFixedLength ??= function transferToFixedLength(this: ArrayBuffer, length?: number) {
  return this.slice(0, length ?? this.byteLength);
};

/** A page of a PDF as a PNG, drawn by pdf.js on @napi-rs/canvas: what a reader would see, with no system tool. */
export async function renderPdfPage(pdf: Uint8Array, page: number, scale = 1.25): Promise<Buffer> {
  const image = await renderPageAsImage(new Uint8Array(pdf), page, { canvasImport: () => import('@napi-rs/canvas'), scale });
  return Buffer.from(image);
}

/** How much of a rendered page is ink: the share of pixels that are not near-white. */
export async function inkShare(png: Buffer): Promise<number> {
  const { loadImage, createCanvas } = await import('@napi-rs/canvas');
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200) ink++;
  return ink / (data.length / 4);
}

export async function pdfProxy(pdf: Uint8Array) {
  return getDocumentProxy(new Uint8Array(pdf));
}
