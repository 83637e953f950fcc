import 'server-only';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { ReceiptDocument } from '../../domain/payments/receipt-document';

/**
 * Noto Sans from its npm package (`@expo-google-fonts/noto-sans`: TrueType, Cyrillic and
 * Latin), embedded as a subset of the glyphs used: a receipt is a few kilobytes and reads the
 * same on any device. The app runs from the project root (npm start, npm run serve, tests).
 */
const FONT_DIR = path.join(process.cwd(), 'node_modules/@expo-google-fonts/noto-sans');
const REGULAR = path.join(FONT_DIR, '400Regular/NotoSans_400Regular.ttf');
const BOLD = path.join(FONT_DIR, '700Bold/NotoSans_700Bold.ttf');

export type ReceiptPdfPart = { doc: ReceiptDocument; footer?: string[] };

/**
 * Receipts as one PDF (pdfkit, server-side, no browser): the same content as the page
 * (receiptDocument), A4, each receipt on its own page followed by its `footer` lines (what the
 * payment meant for that account's calls). A checkout for several accounts has several.
 */
export function renderReceiptPdf(parts: readonly ReceiptPdfPart[]): Promise<Buffer> {
  const title = parts.map((part) => part.doc.title).join('; ');
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 56,
    font: REGULAR,
    info: { Title: title, Author: 'Kvartplata', Subject: title },
  });
  pdf.registerFont('regular', REGULAR);
  pdf.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  parts.forEach((part, index) => {
    if (index > 0) pdf.addPage();
    drawReceipt(pdf, part.doc, part.footer ?? []);
  });
  pdf.end();
  return done;
}

function drawReceipt(pdf: PDFKit.PDFDocument, doc: ReceiptDocument, footer: string[]): void {
  pdf.font('bold').fontSize(16).text(doc.title, pdf.page.margins.left);
  pdf.moveDown(0.8);
  const labelWidth = 170;
  const valueWidth = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right - labelWidth;
  for (const field of doc.fields) {
    const y = pdf.y;
    pdf.font('regular').fontSize(10).fillColor('#475569');
    pdf.text(field.label, pdf.page.margins.left, y, { width: labelWidth - 10 });
    const afterLabel = pdf.y;
    pdf
      .font(field.strong ? 'bold' : 'regular')
      .fontSize(11)
      .fillColor('#0f172a');
    pdf.text(field.value, pdf.page.margins.left + labelWidth, y, { width: valueWidth });
    pdf.y = Math.max(afterLabel, pdf.y) + 4;
  }
  if (doc.settledTitle) {
    pdf.moveDown(0.6);
    pdf.font('bold').fontSize(11).text(doc.settledTitle, pdf.page.margins.left);
    pdf.font('regular').fontSize(11);
    for (const line of doc.settled) pdf.text(`•  ${line}`);
  }
  for (const note of [...doc.notes, ...footer]) {
    pdf.moveDown(0.6);
    pdf.font('regular').fontSize(11).text(note, pdf.page.margins.left);
  }
}
