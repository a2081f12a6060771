// A mixed dashboard workload against 127.0.0.1 only: CONNECTIONS clients for DURATION seconds, each
// cycling through the dashboard documents below. Counts HTTP errors and GraphQL errors in bodies.
//   node bench/load.js   (autocannon resolved from NODE_PATH, e.g. /tmp/revgraph-bench/tools/node_modules)
const autocannon = require('autocannon');
const fs = require('fs');

const benchDir = process.env.BENCH_DIR || '/tmp/revgraph-bench';
const port = process.env.HTTP_PORT || '18080';
const token = fs.readFileSync(`${benchDir}/admin-token`, 'utf8').trim();
const documents = [
  '{ profitAndLoss(from: "2026-01-01", to: "2026-12-31", granularity: MONTH, groupBy: [SEGMENT]) { rows { periodStart segmentCode revenue operatingProfit newCustomers } total { revenue operatingProfit } } }',
  '{ profitAndLoss(from: "2026-01-01", to: "2026-12-31", granularity: QUARTER, groupBy: [DEPARTMENT]) { rows { periodStart departmentCode operatingExpenses budget budgetVariance } total { operatingExpenses } } }',
  '{ profitAndLoss(from: "2024-01-01", to: "2026-12-31", granularity: YEAR, groupBy: []) { rows { periodStart revenue grossMargin operatingMargin } total { revenue } } }',
  '{ profitAndLoss(from: "2026-01-01", to: "2026-12-31", granularity: MONTH, groupBy: [CHANNEL, REGION]) { rows { periodStart channelCode regionCode revenue } total { revenue } } }',
  '{ segments { code name children { code } } }',
];
let graphQlErrors = 0;
const instance = autocannon({
  url: `http://127.0.0.1:${port}/graphql`,
  connections: Number(process.env.CONNECTIONS || 32),
  duration: Number(process.env.DURATION || 60),
  requests: documents.map((query) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
    onResponse: (status, body) => { if (status !== 200 || body.includes('"errors"')) graphQlErrors++; },
  })),
}, (err, result) => {
  if (err) throw err;
  console.log(JSON.stringify({
    requestsPerSecond: result.requests.average, total: result.requests.total,
    latencyP50: result.latency.p50, latencyP99: result.latency.p99, latencyMax: result.latency.max,
    non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, graphQlErrors,
  }, null, 2));
});
