"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { Artefact } from "@/lib/artefacts";
import { downloadText } from "./download";

function slug(path: string): string {
  return path.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase();
}

export function CopyButton({ text, testId, label = "Copy" }: { text: string; testId?: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      size="sm"
      data-testid={testId}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          setCopied(false);
        }
      }}
    >
      {copied ? "Copied" : label}
    </Button>
  );
}

/** Documents, CLI commands and templates to copy or download, each with what it is for. */
export function ArtefactList({ artefacts, testId }: { artefacts: Artefact[]; testId?: string }) {
  if (artefacts.length === 0) return null;
  return (
    <ul className="space-y-3" data-testid={testId}>
      {artefacts.map((a) => {
        const name = a.path.split("/").at(-1) ?? a.path;
        return (
          <li key={a.path} className="rounded-lg ring-1 ring-slate-200" data-testid={`artefact-${slug(a.path)}`}>
            <details>
              <summary className="flex cursor-pointer flex-wrap items-center justify-between gap-2 px-3 py-2">
                <span className="min-w-0">
                  <span className="block text-sm font-medium text-slate-900">{a.title}</span>
                  <span className="block [overflow-wrap:anywhere] font-mono text-xs text-slate-500">{a.path}</span>
                </span>
                <span className="flex gap-2">
                  <CopyButton text={a.content} testId={`copy-${slug(a.path)}`} />
                  <Button type="button" variant="secondary" size="sm" data-testid={`download-${slug(a.path)}`} onClick={() => downloadText(name, a.content, a.mediaType)}>
                    Download
                  </Button>
                </span>
              </summary>
              <div className="border-t border-slate-100 px-3 py-2">
                <p className="mb-2 text-xs text-slate-600">{a.description}</p>
                {/* A minmax(0, 1fr) grid: long lines scroll inside the box instead of widening the page. */}
                <div className="grid grid-cols-1">
                  <pre className="max-h-80 min-w-0 overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">
                    <code>{a.content}</code>
                  </pre>
                </div>
              </div>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
