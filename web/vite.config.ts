/**
 * Vite builds two pages into web/dist, which the newsgraph server serves: the explorer (index.html,
 * at / with SPA fallback) and the offline GraphiQL (graphiql.html, at /graphiql). `npm run web:dev`
 * serves them with hot reload and proxies the API to a running newsgraph (VITE_PROXY_TARGET).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, fileURLToPath(new URL('.', import.meta.url)), 'VITE_');
  const target = env.VITE_PROXY_TARGET || 'http://localhost:4000';
  return {
    plugins: [react()],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // Monaco (GraphiQL's editor) is large; it is only on the /graphiql page, never the explorer's.
      chunkSizeWarningLimit: 5000,
      rollupOptions: {
        // GraphiQL's React-compiler output starts modules with "use no memo"; bundling drops it harmlessly.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
        input: {
          index: fileURLToPath(new URL('index.html', import.meta.url)),
          graphiql: fileURLToPath(new URL('graphiql.html', import.meta.url)),
        },
      },
    },
    worker: { format: 'es' },
    server: {
      port: 5173,
      proxy: { '/graphql': { target, ws: true, changeOrigin: true }, '/health': target },
    },
  };
});
