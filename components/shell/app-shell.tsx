"use client";
import Link from "next/link";
import { useState } from "react";
import { ROLE_LABEL, roleAllows, type Role } from "@/lib/auth/roles";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { NAV_ITEMS } from "./nav-items";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

function Brand() {
  return (
    <Link href="/" className="flex items-center gap-2.5 text-white">
      {/* eslint-disable-next-line @next/next/no-img-element -- a 28 px inline SVG needs no optimization */}
      <img src="/icon.svg" alt="" width={28} height={28} className="rounded-md ring-1 ring-white/20" />
      <span className="text-base font-semibold tracking-tight">Beaconport</span>
    </Link>
  );
}

/** Sidebar on wide screens, a top bar with a collapsible menu below 1024 px. */
export function AppShell({ user, children }: { user: { name: string; email: string; role: Role }; children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const items = NAV_ITEMS.filter((item) => roleAllows(user.role, item.role));
  return (
    <div className="min-h-screen lg:flex">
      <aside className="hidden w-64 shrink-0 flex-col bg-brand-700 px-4 py-5 lg:flex" aria-label="Main navigation">
        <Brand />
        <nav className="mt-8 flex-1">
          <NavLinks items={items} />
        </nav>
        <p className="px-3 text-xs text-brand-100/80">FlexNet Beacon · AWS Direct</p>
      </aside>

      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
          <div className="flex h-16 items-center gap-3 px-4 sm:px-6">
            <button
              type="button"
              className="inline-flex h-9 w-9 items-center justify-center rounded-md text-slate-700 ring-1 ring-slate-200 hover:bg-slate-100 lg:hidden"
              aria-expanded={open}
              aria-controls="mobile-nav"
              aria-label={open ? "Close menu" : "Open menu"}
              data-testid="nav-toggle"
              onClick={() => setOpen((v) => !v)}
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
                {open ? <path d="M6 6l12 12M18 6 6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
              </svg>
            </button>
            <span className="text-base font-semibold text-brand-700 lg:hidden">Beaconport</span>
            <div className="ml-auto flex min-w-0 items-center gap-3">
              {/* Below `sm` the name would be cut to one letter beside the logo: the open menu names the user instead. */}
              <div className="hidden min-w-0 text-right sm:block" data-testid="current-user">
                <p className="truncate text-sm font-medium text-slate-900" data-testid="current-user-name">{user.name}</p>
                <p className="truncate text-xs text-slate-500">{user.email}</p>
              </div>
              <Badge tone={user.role === "admin" ? "blue" : "slate"} testId="current-user-role">
                {ROLE_LABEL[user.role]}
              </Badge>
              <SignOutButton />
            </div>
          </div>
          <nav id="mobile-nav" aria-label="Main navigation" className={cn("border-t border-slate-200 bg-brand-700 px-3 py-3 lg:hidden", !open && "hidden")}>
            <p className="mb-2 border-b border-white/15 px-3 pb-3 text-xs text-brand-100 sm:hidden">
              Signed in as <span className="font-medium text-white">{user.name}</span>
              <span className="block truncate">{user.email}</span>
            </p>
            <NavLinks items={items} onNavigate={() => setOpen(false)} />
          </nav>
        </header>
        <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6 lg:px-8 lg:py-8">{children}</main>
      </div>
    </div>
  );
}
