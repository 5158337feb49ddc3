import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { Plugin } from "vite";

// The UI's fonts are not bundled: the app serves /fonts/NAME from the executable, which embeds
// the same files (assets/fonts) for its PDFs. The dev server serves them from assets/fonts.
function fontsFromAssets(): Plugin {
  const dir = resolve(import.meta.dirname, "../assets/fonts");
  return {
    name: "allybook-fonts",
    configureServer(server) {
      server.middlewares.use("/fonts", async (req, res, next) => {
        const name = basename(decodeURIComponent((req.url ?? "").split("?")[0]));
        if (!name.endsWith(".ttf")) return next();
        try {
          const bytes = await readFile(resolve(dir, name));
          res.setHeader("Content-Type", "font/ttf");
          res.end(bytes);
        } catch {
          next();
        }
      });
    },
  };
}

// The app loads ui/dist through Tauri's custom protocol: no remote assets, relative paths.
export default defineConfig({
  plugins: [svelte(), fontsFromAssets()],
  base: "./",
  // Icons ship in assets/ (no remote assets); the UI uses them from there.
  publicDir: "../assets/icons",
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  // One bundle read from the app's own files, not the network: with Chart.js it is ~550 kB.
  build: { target: "safari15", outDir: "dist", emptyOutDir: true, assetsInlineLimit: 0, chunkSizeWarningLimit: 700 },
  test: { environment: "jsdom", include: ["src/**/*.test.ts"] },
});
