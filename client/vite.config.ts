import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development Vite serves the page and forwards the API and the socket to the real server,
// so the browser still sees a single origin (the same as in production).
const serverOrigin = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true },
  server: {
    proxy: {
      "/api": serverOrigin,
      "/socket.io": { target: serverOrigin, ws: true },
    },
  },
});
