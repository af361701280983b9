// Every page here reads the database (first-run state, tokens): never prerender at build time.
export const dynamic = "force-dynamic";

export default function PublicLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-slate-50 px-4 py-10">
      <header className="mb-6 flex items-center gap-2.5">
        {/* eslint-disable-next-line @next/next/no-img-element -- a small inline SVG */}
        <img src="/icon.svg" alt="" width={36} height={36} className="rounded-lg" />
        <span className="text-xl font-semibold tracking-tight text-brand-700">Beaconport</span>
      </header>
      <main className="w-full max-w-md">{children}</main>
      <footer className="mt-8 text-center text-xs text-slate-500">AWS IAM setup and verification for FlexNet Beacon inventory</footer>
    </div>
  );
}
