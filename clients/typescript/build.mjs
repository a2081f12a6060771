// Bundles the client library (dist/index.js, for Node and other bundlers) and the dashboard
// (target/classes/static/dashboard, packed into the module's jar that the API serves at /dashboard/),
// and puts the trusted documents' manifest (src/gql/persisted-documents.json, from the codegen) in
// dist/ and in the jar (target/classes/trusted-documents/), where the API reads it.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';

await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  outfile: 'dist/index.js',
  logLevel: 'warning',
});

const dashboard = 'target/classes/static/dashboard';
mkdirSync(dashboard, { recursive: true });
await build({
  entryPoints: ['dashboard/main.ts'],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  outfile: `${dashboard}/main.js`,
  logLevel: 'warning',
});
cpSync('dashboard/index.html', `${dashboard}/index.html`);
cpSync('dashboard/style.css', `${dashboard}/style.css`);

mkdirSync('target/classes/trusted-documents', { recursive: true });
cpSync('src/gql/persisted-documents.json', 'target/classes/trusted-documents/typescript-client.json');
cpSync('src/gql/persisted-documents.json', 'dist/persisted-documents.json');
