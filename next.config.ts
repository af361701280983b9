import type { NextConfig } from "next";

const config: NextConfig = {
  // Native modules and the generated Prisma client stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@node-rs/argon2"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc --noEmit) as a stage of its own; doing it again in
  // every build would only slow `npm start` down on a fresh clone.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // forbidden() from next/navigation: pages answer 403 rather than redirecting a signed-in reviewer.
    authInterrupts: true,
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default config;
