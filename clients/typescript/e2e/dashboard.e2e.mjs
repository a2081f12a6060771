// Browser test of the dashboard: opens <baseUrl>/dashboard/ in headless Debian chromium for a
// date range, checks that every figure the page shows equals the API's own answer for the same
// range (asked through the TypeScript client), switches the attribution model, and saves a
// screenshot. Prints the figures shown as one JSON line, so that the caller can check them
// against hand-worked values. Exit code 0 only when everything matched.
//
// usage: node e2e/dashboard.e2e.mjs <baseUrl> <from> <to> [screenshot.png]
// env:   CHROMIUM_PATH (default: chromium on the PATH), REVGRAPH_TOKEN (optional bearer token),
//        REVGRAPH_CLOSE_MONTH (optional: a month to close through the API at the end, after which
//        the page must load its figures again on the monthClosed event it subscribes to),
//        REVGRAPH_PLAN_FROM and REVGRAPH_PLAN_TO (optional: a second range whose plan view is checked,
//        for the whole company and, with REVGRAPH_PLAN_SEGMENT, for that segment; with
//        REVGRAPH_PLAN_BUDGET the budget version chosen and with REVGRAPH_PLAN_SCENARIO the scenario
//        chosen as b against the base forecast)
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';
import {
  createClient,
  BudgetVsActualDocument,
  CloseMonthDocument,
  CampaignPerformanceDocument,
  CohortRetentionDocument,
  CompareScenariosDocument,
  DepartmentStatementDocument,
  ProfitAndLossDocument,
  SegmentEconomicsDocument,
} from '../dist/index.js';

const [baseUrl, from, to, screenshot = 'target/dashboard-e2e.png'] = process.argv.slice(2);
if (!baseUrl || !from || !to) {
  console.error('usage: node e2e/dashboard.e2e.mjs <baseUrl> <from> <to> [screenshot.png]');
  process.exit(2);
}

const executablePath = process.env.CHROMIUM_PATH
  ?? execFileSync('sh', ['-c', 'command -v chromium || echo /usr/bin/chromium']).toString().trim();
const token = process.env.REVGRAPH_TOKEN;
const api = createClient({ endpoint: `${baseUrl}/graphql`, token });
const failures = [];

// the dashboard hides rows without any figure in the range (dashboard/main.ts): the same rules here
const isZero = (v) => v == null || Number(v) === 0;
const segmentIsEmpty = (r) => r.segmentCode != null && r.newCustomers === 0 && isZero(r.revenue) && isZero(r.costOfService) && isZero(r.directCost);
const campaignIsEmpty = (r) => isZero(r.spend) && r.impressions === 0 && r.clicks === 0 && r.leads === 0 && isZero(r.customers) && isZero(r.attributedRevenue);
const budgetIsEmpty = (r) => isZero(r.budget) && isZero(r.actual);
const statementIsEmpty = (r) => isZero(r.budget) && isZero(r.directCost) && isZero(r.allocatedIn) && isZero(r.allocatedOut)
  && isZero(r.creditedNewCustomers) && isZero(r.creditedRevenue);
/** The department table's lines as the dashboard orders them: each month's departments, then the company. */
function statementLines(report) {
  const lines = [];
  for (const company of report.company) {
    for (const r of report.rows.filter((x) => x.period === company.period && !statementIsEmpty(x))) {
      lines.push({ ...r, key: `${r.departmentCode ?? '(unassigned)'}/${r.period}` });
    }
    lines.push({ ...company, key: `(company)/${company.period}` });
  }
  return lines;
}
const statementFields = ['budget', 'directCost', 'allocatedIn', 'allocatedOut', 'fullyLoadedCost', 'budgetVariance',
  'creditedNewCustomers', 'creditedRevenue', 'returnOnCost'];

/** a + b for Decimal strings, exactly, as the dashboard adds them (dashboard/main.ts addDecimals). */
function addDecimals(a, b) {
  if (a == null || b == null) return null;
  const scale = Math.max(...[a, b].map((v) => (v.split('.')[1] ?? '').length));
  const units = (v) => {
    const [whole = '0', fraction = ''] = v.replace('-', '').split('.');
    const n = BigInt(whole + fraction.padEnd(scale, '0'));
    return v.startsWith('-') ? -n : n;
  };
  const sum = units(a) + units(b);
  const digits = (sum < 0n ? -sum : sum).toString().padStart(scale + 1, '0');
  return (sum < 0n ? '-' : '') + (scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}

/** The plan view's lines from the API's BUDGET and FORECAST reports, as the dashboard builds them (planLines). */
function planLines(budget, forecast) {
  return forecast.map((f) => {
    const b = budget.find((r) => r.period === f.period);
    return {
      period: f.period,
      kind: f.plan?.kind ?? null,
      revenue: f.revenue,
      forecastRevenue: f.plan?.revenue ?? null,
      revenueVsForecast: f.planChange?.revenue ?? null,
      spend: addDecimals(f.costOfService, f.operatingExpenses),
      budgetSpend: b?.plan?.spend ?? null,
      spendVsBudget: b?.planChange?.spend ?? null,
      forecastSpend: f.plan?.spend ?? null,
      operatingProfit: f.operatingProfit,
      forecastOperatingProfit: f.plan?.operatingProfit ?? null,
      newCustomers: f.newCustomers,
      forecastNewCustomers: f.plan?.newCustomers ?? null,
    };
  });
}
const planFields = ['kind', 'revenue', 'forecastRevenue', 'revenueVsForecast', 'spend', 'budgetSpend', 'spendVsBudget',
  'forecastSpend', 'operatingProfit', 'forecastOperatingProfit', 'newCustomers', 'forecastNewCustomers'];
const scenarioFields = ['kind', ...['revenue', 'contribution', 'newCustomers', 'mrr']
  .flatMap((f) => [`a.${f}`, `b.${f}`, `difference.${f}`])];

function check(condition, message) {
  if (!condition) failures.push(message);
}

/** The figures of one table as shown: key -> field -> { value (raw API string), text (as displayed) }. */
async function readTable(page, name) {
  return page.$$eval(`table[data-table="${name}"] tbody tr[data-key]`, (rows) =>
    rows.map((row) => ({
      key: row.getAttribute('data-key'),
      cells: Object.fromEntries(
        [...row.querySelectorAll('td[data-field]')].map((td) => [
          td.getAttribute('data-field'),
          { value: td.getAttribute('data-value'), text: td.textContent.trim() },
        ]),
      ),
    })),
  );
}

/** The displayed text must be the API's figure: same number, percentages shown x100. */
function sameFigure(text, value, percent) {
  if (value === null || value === undefined || value === '') return text === '–';
  const shown = Number(text.replace(/,/g, '').replace('%', ''));
  const expected = Number(value) * (percent ? 100 : 1);
  return Math.abs(shown - expected) < 1e-9 || text === String(value);
}

/** Compares a shown table with API rows: same keys in the same order, same figure in every cell. */
function compare(name, shown, apiRows, key, fields, percentFields = []) {
  const keys = apiRows.map(key);
  check(JSON.stringify(shown.map((r) => r.key)) === JSON.stringify(keys),
    `${name}: rows ${JSON.stringify(shown.map((r) => r.key))} but the API has ${JSON.stringify(keys)}`);
  apiRows.forEach((apiRow, i) => {
    const row = shown[i];
    if (!row) return;
    for (const field of fields) {
      const value = apiRow[field] == null ? '' : String(apiRow[field]);
      const cell = row.cells[field];
      check(cell !== undefined, `${name} ${row.key}: no ${field} shown`);
      if (!cell) continue;
      check(cell.value === value, `${name} ${row.key}.${field}: data-value ${cell.value}, API ${value}`);
      check(sameFigure(cell.text, apiRow[field], percentFields.includes(field)),
        `${name} ${row.key}.${field}: shows "${cell.text}", API ${value}`);
    }
  });
}

async function waitReady(page) {
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state), null, { timeout: 30_000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== 'ready') {
    throw new Error(`dashboard failed: ${await page.textContent('#status')}`);
  }
}

/**
 * Compares the plan view (plan vs actual vs forecast, and the scenario comparison) with the API's
 * answers for the page's range and choices; returns the figures shown.
 */
async function checkPlan(page, label, { from, to, scope, budgetVersion, a, b }) {
  const state = await page.evaluate(() => document.querySelector('#plan').dataset.state);
  check(state === 'ready', `plan ${label}: section ${state}: ${await page.textContent('#plan-status')}`);
  const filter = scope ? { segmentCodes: [scope] } : null;
  const [budget, forecast, scenarios] = await Promise.all([
    api.request(ProfitAndLossDocument, { from, to, filter, compareTo: 'BUDGET', budgetVersion }),
    api.request(ProfitAndLossDocument, { from, to, filter, compareTo: 'FORECAST' }),
    api.request(CompareScenariosDocument, { a, b, from, to, segmentCode: scope }),
  ]);
  const shownPlan = await readTable(page, 'plan');
  compare(`plan ${label}`, shownPlan, planLines(budget.profitAndLoss.rows, forecast.profitAndLoss.rows), (r) => r.period, planFields);
  const flat = (r) => ({
    period: r.period,
    kind: r.kind,
    ...Object.fromEntries(['a', 'b', 'difference'].flatMap((side) => Object.entries(r[side]).map(([f, v]) => [`${side}.${f}`, v]))),
  });
  const scenarioRows = scenarios.compareScenarios.rows.filter((r) => (r.segmentCode ?? null) === (scope ?? null)).map(flat);
  const shownScenarios = await readTable(page, 'scenarios');
  compare(`scenarios ${label}`, shownScenarios, scenarioRows, (r) => r.period, scenarioFields);
  const points = await page.$$eval('#plan-chart polyline', (lines) => lines.map((l) => l.getAttribute('data-series')));
  check(points.length === 5, `plan chart ${label}: series ${JSON.stringify(points)}`);
  const values = (rows) => Object.fromEntries(rows.map((r) => [r.key, Object.fromEntries(Object.entries(r.cells).map(([f, c]) => [f, c.value]))]));
  return { plan: values(shownPlan), scenarios: values(shownScenarios) };
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let exitCode = 1;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
  const outside = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(baseUrl) && !request.url().startsWith('data:')) outside.push(request.url());
  });
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  await page.goto(`${baseUrl}/dashboard/?from=${from}&to=${to}`);
  if (token) {
    // the first load goes out without a token; enter it as a user would and show the range again
    await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state), null, { timeout: 30_000 });
    await page.fill('input[name="token"]', token);
    await page.click('button[type="submit"]');
  }
  await waitReady(page);

  const [pnl, segments, cohorts, budget, lastTouch] = await Promise.all([
    api.request(ProfitAndLossDocument, { from, to, granularity: 'MONTH' }),
    api.request(SegmentEconomicsDocument, { from, to }),
    api.request(CohortRetentionDocument, { from, to, basis: 'LOGOS' }),
    api.request(BudgetVsActualDocument, { from, to }),
    api.request(CampaignPerformanceDocument, { from, to, model: 'LAST_TOUCH', groupBy: 'CAMPAIGN' }),
  ]);

  const moneyAndMargins = ['revenue', 'costOfService', 'grossProfit', 'grossMargin', 'operatingExpenses', 'operatingProfit', 'operatingMargin'];
  const shownPnl = await readTable(page, 'pnl');
  compare('pnl', shownPnl.filter((r) => r.key !== 'total'), pnl.profitAndLoss.rows, (r) => r.period, moneyAndMargins, ['grossMargin', 'operatingMargin']);
  compare('pnl total', shownPnl.filter((r) => r.key === 'total'), [pnl.profitAndLoss.total], () => 'total', moneyAndMargins, ['grossMargin', 'operatingMargin']);
  const points = await page.$$eval('#pnl-chart polyline', (lines) => lines.map((l) => [l.getAttribute('data-series'), l.getAttribute('points').trim().split(/\s+/).length]));
  check(JSON.stringify(points) === JSON.stringify(['revenue', 'grossProfit', 'operatingProfit'].map((s) => [s, pnl.profitAndLoss.rows.length])),
    `chart: series ${JSON.stringify(points)}`);

  const shownSegments = await readTable(page, 'segments');
  compare('segments', shownSegments, segments.segmentEconomics.rows.filter((r) => !segmentIsEmpty(r)), (r) => r.segmentCode ?? '(company)',
    ['newCustomers', 'revenue', 'contributionMargin', 'cac', 'ltv', 'ltvToCac', 'paybackMonths']);

  const campaignKey = (r) => (r.unattributed ? '(unattributed)' : r.code ?? '(none)');
  const campaignFields = ['spend', 'leads', 'customers', 'attributedRevenue', 'cac', 'roas'];
  const shownLastTouch = await readTable(page, 'campaigns');
  compare('campaigns LAST_TOUCH', shownLastTouch, lastTouch.campaignPerformance.rows.filter((r) => !campaignIsEmpty(r)), campaignKey, campaignFields);
  const departmentsLastTouch = await api.request(DepartmentStatementDocument, { from, to, model: 'LAST_TOUCH' });
  const shownDepartmentsLastTouch = await readTable(page, 'departments');
  compare('departments LAST_TOUCH', shownDepartmentsLastTouch, statementLines(departmentsLastTouch.departmentStatement), (r) => r.key, statementFields);

  await page.selectOption('#model', 'LINEAR');
  await waitReady(page);
  const linear = await api.request(CampaignPerformanceDocument, { from, to, model: 'LINEAR', groupBy: 'CAMPAIGN' });
  const shownLinear = await readTable(page, 'campaigns');
  compare('campaigns LINEAR', shownLinear, linear.campaignPerformance.rows.filter((r) => !campaignIsEmpty(r)), campaignKey, campaignFields);
  const departmentsLinear = await api.request(DepartmentStatementDocument, { from, to, model: 'LINEAR' });
  const shownDepartmentsLinear = await readTable(page, 'departments');
  compare('departments LINEAR', shownDepartmentsLinear, statementLines(departmentsLinear.departmentStatement), (r) => r.key, statementFields);

  const shownCohorts = await readTable(page, 'cohorts');
  const cohortMonths = [...new Set(cohorts.cohortRetention.rows.map((r) => r.cohortMonth))];
  check(JSON.stringify(shownCohorts.map((r) => r.key)) === JSON.stringify(cohortMonths), `cohorts: ${JSON.stringify(shownCohorts.map((r) => r.key))}`);
  for (const cell of cohorts.cohortRetention.rows) {
    const shown = shownCohorts.find((r) => r.key === cell.cohortMonth)?.cells[`m${cell.monthsSinceAcquisition}`];
    check(shown?.value === (cell.retention ?? ''), `cohort ${cell.cohortMonth} +${cell.monthsSinceAcquisition}: ${shown?.value}, API ${cell.retention}`);
    check(shown && sameFigure(shown.text, cell.retention, true), `cohort ${cell.cohortMonth} +${cell.monthsSinceAcquisition}: shows "${shown?.text}"`);
  }

  const shownBudget = await readTable(page, 'budget');
  const budgetFields = ['budget', 'actual', 'variance', 'variancePct'];
  compare('budget', shownBudget.filter((r) => r.key !== 'total'), budget.budgetVsActual.rows.filter((r) => !budgetIsEmpty(r)), (r) => `${r.departmentCode}/${r.month}`, budgetFields, ['variancePct']);
  compare('budget total', shownBudget.filter((r) => r.key === 'total'), [budget.budgetVsActual.total], () => 'total', budgetFields, ['variancePct']);

  // the plan view of the range: the whole company, the latest approved budget, base against base
  const plan = { range: await checkPlan(page, 'range', { from, to, scope: null, budgetVersion: null, a: null, b: null }) };
  const planFrom = process.env.REVGRAPH_PLAN_FROM;
  const planTo = process.env.REVGRAPH_PLAN_TO;
  if (planFrom && planTo) {
    await page.fill('input[name="from"]', planFrom);
    await page.fill('input[name="to"]', planTo);
    await page.click('button[type="submit"]');
    await waitReady(page);
    const budgetVersion = process.env.REVGRAPH_PLAN_BUDGET || null;
    const scenario = process.env.REVGRAPH_PLAN_SCENARIO || null;
    if (budgetVersion) {
      await page.selectOption('#plan-budget', budgetVersion);
      await waitReady(page);
    }
    if (scenario) {
      await page.selectOption('#scenario-b', scenario);
      await waitReady(page);
    }
    const choices = { from: planFrom, to: planTo, budgetVersion, a: null, b: scenario };
    plan.company = await checkPlan(page, 'company', { ...choices, scope: null });
    const segment = process.env.REVGRAPH_PLAN_SEGMENT;
    if (segment) {
      await page.selectOption('#plan-scope', segment);
      await waitReady(page);
      plan.segment = await checkPlan(page, 'segment', { ...choices, scope: segment });
    }
  }

  check(outside.length === 0, `requests outside the API: ${outside.join(', ')}`);

  mkdirSync(dirname(screenshot), { recursive: true });
  await page.selectOption('#model', 'LAST_TOUCH');
  await waitReady(page);
  await page.screenshot({ path: screenshot, fullPage: true });

  // live refresh: close a month through the API; the page hears monthClosed and loads again
  let liveRefresh = null;
  const closeMonth = process.env.REVGRAPH_CLOSE_MONTH;
  if (closeMonth) {
    const before = await page.evaluate(() => Number(document.body.dataset.refreshes ?? '0'));
    const closed = await api.request(CloseMonthDocument, { input: { month: closeMonth } });
    check(closed.closeMonth.errors.length === 0, `closeMonth ${closeMonth}: ${JSON.stringify(closed.closeMonth.errors)}`);
    await page.waitForFunction((n) => Number(document.body.dataset.refreshes ?? '0') > n, before, { timeout: 15_000 });
    await waitReady(page);
    liveRefresh = await page.evaluate(() => document.body.dataset.lastEvent);
  }

  const values = (rows) => Object.fromEntries(rows.map((r) => [r.key, Object.fromEntries(Object.entries(r.cells).map(([f, c]) => [f, c.value]))]));
  console.log(JSON.stringify({
    pnl: values(shownPnl),
    segments: values(shownSegments),
    campaigns: { LAST_TOUCH: values(shownLastTouch), LINEAR: values(shownLinear) },
    cohorts: values(shownCohorts),
    budget: values(shownBudget),
    departments: { LAST_TOUCH: values(shownDepartmentsLastTouch), LINEAR: values(shownDepartmentsLinear) },
    plan,
    liveRefresh,
  }));
  if (failures.length > 0) {
    console.error(`${failures.length} mismatches between the dashboard and the API:\n  ${failures.join('\n  ')}`);
  } else {
    console.error(`dashboard matches the API; screenshot: ${screenshot}`);
    exitCode = 0;
  }
} catch (error) {
  console.error(error);
} finally {
  await browser.close();
}
process.exit(exitCode);
