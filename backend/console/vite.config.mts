import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The console is served by the app at /console/ (see src/web-console/). React's JSX is
// compiled by Vite's own transformer: the React plugin only adds dev-time Fast Refresh.
export default defineConfig(({ command }) => ({
  root: here,
  base: '/console/',
  // A build is always React's production build, whatever NODE_ENV the shell (or a test run) has.
  oxc: { jsx: { runtime: 'automatic', development: command !== 'build' } },
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    // The polyfill would be the only inline-able script: the CSP allows none, and every
    // browser the console supports has modulepreload.
    modulePreload: { polyfill: false },
    target: 'es2022',
    reportCompressedSize: false,
    rolldownOptions: {
      // React Query marks its modules "use client" (for server components): meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    // `npx vite --config console/vite.config.ts` during development: the API is the running app.
    proxy: Object.fromEntries(
      [
        '/auth',
        '/incidents',
        '/logs',
        '/services',
        '/events',
        '/detection-rules',
        '/notification-channels',
        '/users',
        '/api-keys',
        '/health',
      ].map((path) => [path, { target: 'http://127.0.0.1:3000' }]),
    ),
  },
}));
