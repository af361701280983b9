import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import { headers } from "next/headers";
import "./globals.css";
import { StaleBuildListener } from "@/components/shell/stale-build";

// Self-hosted (no request leaves the machine): the variable Inter shipped by @fontsource-variable/inter.
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
  weight: "100 900",
});

export const metadata: Metadata = {
  title: { default: "Beaconport", template: "%s · Beaconport" },
  description: "Set up and verify the AWS IAM access a FlexNet Beacon needs for Direct inventory collection.",
  icons: { icon: "/icon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#1b529c" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: the nonce-based CSP (proxy.ts) needs a fresh nonce in each page's
  // scripts, which a prerendered page cannot have.
  await headers();
  return (
    <html lang="en" className={inter.variable}>
      <body className="min-h-screen font-sans">
        {children}
        <StaleBuildListener />
      </body>
    </html>
  );
}
