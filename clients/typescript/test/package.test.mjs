// The npm package as a user installs it: `npm pack` holds the compiled client and its .d.ts types
// (and nothing of the sources, dashboard or tests), and a TypeScript project outside the repository
// that installs the tarball type-checks against it (the README's example too) with Node's own
// module resolution and runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const npm = (args, cwd = root) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('the tarball holds the compiled client, its types and the README, and no source', () => {
  const [pack] = JSON.parse(npm(['pack', '--dry-run', '--json']));
  const files = pack.files.map((f) => f.path).sort();
  for (const expected of [
    'README.md',
    'dist/client.d.ts',
    'dist/gql/graphql.d.ts',
    'dist/index.d.ts',
    'dist/index.js',
    'dist/persisted-documents.json',
    'package.json',
  ]) {
    assert.ok(files.includes(expected), `${expected} is not in the tarball: ${files.join(', ')}`);
  }
  const stray = files.filter((f) => /^(src|dashboard|test|e2e|node_modules|target)\//.test(f));
  assert.deepEqual(stray, [], 'sources, dashboard, tests or build output in the tarball');
});

test('a project that installs the tarball type-checks against its types and runs it', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'revgraph-client-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const [pack] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir]));
  const installed = join(dir, 'node_modules', '@revgraph', 'client');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, pack.filename), '-C', installed, '--strip-components=1']);
  // its one dependency (types only), as npm would install it beside it
  mkdirSync(join(dir, 'node_modules', '@graphql-typed-document-node'), { recursive: true });
  symlinkSync(
    join(root, 'node_modules', '@graphql-typed-document-node', 'core'),
    join(dir, 'node_modules', '@graphql-typed-document-node', 'core'),
  );
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(
    join(dir, 'consumer.ts'),
    `import { createClient, ProfitAndLossDocument, RecordSpendLineDocument, MonthClosedDocument, type ProfitAndLossQuery } from '@revgraph/client';
const client = createClient({ endpoint: 'http://localhost:8080/graphql', token: 'token' });
export async function report(): Promise<string[]> {
  const data: ProfitAndLossQuery = await client.request(ProfitAndLossDocument, { from: '2026-01-01', to: '2026-03-31' });
  // @ts-expect-error: the variables are typed (from is required)
  await client.request(ProfitAndLossDocument, { to: '2026-03-31' });
  const spend = await client.request(RecordSpendLineDocument, { input: { departmentCode: 'MKT', bookedOn: '2026-04-20', amount: '1.00', currency: 'USD', category: 'ADVERTISING' } });
  const closed: string[] = [];
  client.subscribe(MonthClosedDocument, { next: (event) => closed.push(event.monthClosed.month) });
  return [...data.profitAndLoss.rows.map((row) => row.operatingProfit), ...spend.recordSpendLine.errors.map((e) => e.message)];
}
`,
  );
  // the README's example, as written there
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const example = readme.match(/## Example\n\n```ts\n([\s\S]*?)```/)?.[1];
  assert.ok(example, 'README.md has no ```ts example under ## Example');
  writeFileSync(join(dir, 'readme.ts'), `declare const process: { env: Record<string, string | undefined> };\n${example}`);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, lib: ['ES2022', 'DOM'], types: [] },
      files: ['consumer.ts', 'readme.ts'],
    }),
  );
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
  } catch (error) {
    assert.fail(`the consumer does not type-check against the packed types:\n${error.stdout}${error.stderr}`);
  }
  writeFileSync(
    join(dir, 'run.mjs'),
    `import { createClient, ProfitAndLossDocument, documentHash } from '@revgraph/client';
import manifest from '@revgraph/client/persisted-documents.json' with { type: 'json' };
if (typeof createClient !== 'function') throw new Error('no createClient');
if (!manifest['sha256:' + documentHash(ProfitAndLossDocument)]) throw new Error('ProfitAndLoss is not in the manifest');
console.log('ok');
`,
  );
  assert.equal(execFileSync(process.execPath, [join(dir, 'run.mjs')], { cwd: dir, encoding: 'utf8' }).trim(), 'ok');
});
