// Tests of the fetch wrapper against a stub HTTP server on the loopback: what it sends (query,
// variables, bearer token) and how it reports failures. The API itself is exercised by the
// dashboard's browser test and the Java client's integration test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  createClient,
  RevgraphError,
  ProfitAndLossDocument,
  RecordSpendLineDocument,
  CloseMonthDocument,
  SegmentEconomicsDocument,
  CampaignPerformanceDocument,
  MrrMovementsDocument,
  CohortRetentionDocument,
  SpendLinesDocument,
  BudgetVsActualDocument,
  CompareScenariosDocument,
  PlanVsActualDocument,
} from '../dist/index.js';

let server;
let endpoint;
const received = [];
let nextReply = () => ({ status: 200, body: { data: {} } });

before(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) });
      const reply = nextReply();
      res.writeHead(reply.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${server.address().port}/graphql`;
});

after(() => server.close());

test('sends the document and its variables and returns typed data', async () => {
  const data = { profitAndLoss: { currency: 'USD', rows: [], total: { revenue: '10.00' } } };
  nextReply = () => ({ status: 200, body: { data } });
  const client = createClient({ endpoint, trustedDocuments: false });
  const result = await client.request(ProfitAndLossDocument, { from: '2026-01-01', to: '2026-03-31', groupBy: ['SEGMENT'] });
  assert.deepEqual(result, data);
  const { headers, body } = received.at(-1);
  assert.match(body.query, /query ProfitAndLoss\(/);
  assert.deepEqual(body.variables, { from: '2026-01-01', to: '2026-03-31', groupBy: ['SEGMENT'] });
  assert.equal(headers['content-type'], 'application/json');
  assert.equal(headers.authorization, undefined, 'no token, no Authorization header');
});

test('sends a bearer token when one is given, also from a function', async () => {
  nextReply = () => ({ status: 200, body: { data: { closeMonth: { fiscalMonth: null, errors: [] } } } });
  await createClient({ endpoint, token: 's3cret' }).request(CloseMonthDocument, { input: { month: '2026-03' } });
  assert.equal(received.at(-1).headers.authorization, 'Bearer s3cret');
  await createClient({ endpoint, token: () => 'rotated' }).request(CloseMonthDocument, { input: { month: '2026-03' } });
  assert.equal(received.at(-1).headers.authorization, 'Bearer rotated');
});

test('keeps money as strings: Decimal variables and results are never numbers', async () => {
  const line = { spendLine: { id: '1', reportingAmount: { amount: '0.10', currency: 'USD' } }, errors: [] };
  nextReply = () => ({ status: 200, body: { data: { recordSpendLine: line } } });
  const result = await createClient({ endpoint }).request(RecordSpendLineDocument, {
    input: { departmentCode: 'MKT', bookedOn: '2026-04-20', amount: '0.10', currency: 'USD', category: 'ADVERTISING' },
  });
  assert.equal(received.at(-1).body.variables.input.amount, '0.10');
  assert.equal(result.recordSpendLine.spendLine.reportingAmount.amount, '0.10');
});

test('throws a RevgraphError carrying the GraphQL errors', async () => {
  nextReply = () => ({ status: 200, body: { errors: [{ message: 'Validation error: from is required' }], data: null } });
  await assert.rejects(
    createClient({ endpoint }).request(BudgetVsActualDocument, { from: '2026-01-01', to: '2026-01-31' }),
    (error) => error instanceof RevgraphError && error.errors.length === 1 && /from is required/.test(error.message),
  );
});

test('throws on an HTTP error status', async () => {
  nextReply = () => ({ status: 401, body: { error: 'unauthorized' } });
  await assert.rejects(
    createClient({ endpoint, token: 'expired' }).request(SpendLinesDocument, {}),
    (error) => error instanceof RevgraphError && error.status === 401,
  );
});

test('every documented operation is generated', () => {
  const operations = {
    profitAndLoss: ProfitAndLossDocument,
    segmentEconomics: SegmentEconomicsDocument,
    campaignPerformance: CampaignPerformanceDocument,
    mrrMovements: MrrMovementsDocument,
    cohortRetention: CohortRetentionDocument,
    spendLines: SpendLinesDocument,
    budgetVsActual: BudgetVsActualDocument,
    recordSpendLine: RecordSpendLineDocument,
    closeMonth: CloseMonthDocument,
    compareScenarios: CompareScenariosDocument,
  };
  for (const [field, document] of Object.entries(operations)) {
    assert.match(document.toString(), new RegExp(`\\b${field}\\(`), field);
  }
});

test('the plan view reads the P&L against a plan', () => {
  assert.match(PlanVsActualDocument.toString(), /compareTo: \$compareTo/);
  assert.match(PlanVsActualDocument.toString(), /planChange/);
});

test('sends a trusted document by the hash of the manifest, without its text', async () => {
  const manifest = JSON.parse(readFileSync(new URL('../dist/persisted-documents.json', import.meta.url), 'utf8'));
  nextReply = () => ({ status: 200, body: { data: { budgetVsActual: { rows: [] } } } });
  await createClient({ endpoint }).request(BudgetVsActualDocument, { from: '2026-01-01', to: '2026-01-31' });
  const { body } = received.at(-1);
  assert.equal(body.query, undefined);
  assert.equal(body.extensions.persistedQuery.version, 1);
  const hash = body.extensions.persistedQuery.sha256Hash;
  assert.match(hash, /^[0-9a-f]{64}$/);
  const document = manifest[`sha256:${hash}`];
  assert.match(document, /query BudgetVsActual\(/);
  assert.equal(createHash('sha256').update(document).digest('hex'), hash, 'the hash is the SHA-256 of the document');
});

test('every operation of the client is in the manifest', () => {
  const manifest = JSON.parse(readFileSync(new URL('../dist/persisted-documents.json', import.meta.url), 'utf8'));
  for (const document of [ProfitAndLossDocument, RecordSpendLineDocument, CloseMonthDocument, SpendLinesDocument]) {
    assert.ok(manifest[document.__meta__.hash], document.toString().slice(0, 40));
  }
});

test('sends the text once more when the server does not know the hash', async () => {
  let calls = 0;
  nextReply = () =>
    ++calls === 1
      ? { status: 200, body: { data: null, errors: [{ message: 'unknown hash', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] } }
      : { status: 200, body: { data: { spendLines: { edges: [] } } } };
  const result = await createClient({ endpoint }).request(SpendLinesDocument, {});
  assert.deepEqual(result, { spendLines: { edges: [] } });
  assert.equal(received.at(-2).body.query, undefined);
  assert.match(received.at(-1).body.query, /query SpendLines/);
});
