/** A file size as the console says it: "20.0 МіБ", or "4 КіБ" under a mebibyte. */
export function fileSize(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024)} КіБ`
    : `${(bytes / (1024 * 1024)).toFixed(1)} МіБ`;
}
