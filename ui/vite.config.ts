import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The app loads ui/dist through Tauri's custom protocol: no remote assets, relative paths.
export default defineConfig({
  plugins: [svelte()],
  base: "./",
  // Icons ship in assets/ (no remote assets); the UI uses them from there.
  publicDir: "../assets/icons",
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: "safari15", outDir: "dist", emptyOutDir: true, assetsInlineLimit: 0 },
  test: { environment: "jsdom", include: ["src/**/*.test.ts"] },
});
