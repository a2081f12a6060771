// One HTTP benchmark run for bench/lists.sh: CONNECTIONS clients post BODY to URL for DURATION
// seconds (after WARMUP seconds not counted) and the result prints as one JSON line. A non-200
// answer or a body with "errors" counts as an error. autocannon is resolved from NODE_PATH.
const autocannon = require('autocannon');

const { URL: url, BODY: body, AUTH: auth } = process.env;
const connections = Number(process.env.CONNECTIONS || 10);
const headers = { 'content-type': 'application/json' };
if (auth) headers.authorization = `Bearer ${auth}`;

function run(duration) {
  let graphQlErrors = 0;
  return new Promise((resolve, reject) => {
    autocannon({
      url, connections, duration, method: 'POST', headers, body,
      requests: [{ onResponse: (status, text) => { if (status !== 200 || text.includes('"errors"')) graphQlErrors++; } }],
    }, (err, result) => (err ? reject(err) : resolve({ result, graphQlErrors })));
  });
}

(async () => {
  const warmup = Number(process.env.WARMUP || 3);
  if (warmup > 0) await run(warmup);
  const { result, graphQlErrors } = await run(Number(process.env.DURATION || 10));
  console.log(JSON.stringify({
    rps: Math.round(result.requests.total / result.duration),
    p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx + graphQlErrors,
  }));
})();
