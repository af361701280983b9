/** Saves text as a file from the browser (no round trip: what is downloaded is what is on screen). */
export function downloadText(fileName: string, content: string, mediaType = "text/plain"): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mediaType};charset=utf-8` }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
