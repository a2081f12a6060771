// The profitability dashboard: one page, served by the API at /dashboard/, that reads the API
// through the generated client. Every figure is shown as the API sends it (Decimal strings,
// formatted without floating point) and carries its raw value in data-value, which the browser
// test compares with the API's own answer.
import {
  createClient,
  RevgraphError,
  BudgetVsActualDocument,
  CampaignPerformanceDocument,
  CohortRetentionDocument,
  CompareScenariosDocument,
  DepartmentStatementDocument,
  ImportFinishedDocument,
  MonthClosedDocument,
  PlanChoicesDocument,
  PlanVsActualDocument,
  ProfitAndLossDocument,
  SegmentEconomicsDocument,
  type AttributionModel,
  type BudgetVsActualQuery,
  type CampaignPerformanceQuery,
  type CohortRetentionQuery,
  type CompareScenariosQuery,
  type DepartmentStatementQuery,
  type PlanChoicesQuery,
  type PlanVsActualQuery,
  type ProfitAndLossQuery,
  type SegmentEconomicsQuery,
} from '../src/index';

type Kind = 'money' | 'pct' | 'num' | 'text';
interface Column<R> {
  field: string;
  title: string;
  kind: Kind;
  value: (row: R) => string | number | null | undefined;
}

const form = document.querySelector<HTMLFormElement>('#range')!;
const status = document.querySelector<HTMLElement>('#status')!;
const modelSelect = document.querySelector<HTMLSelectElement>('#model')!;
const tokenInput = form.elements.namedItem('token') as HTMLInputElement;
const scopeSelect = document.querySelector<HTMLSelectElement>('#plan-scope')!;
const budgetSelect = document.querySelector<HTMLSelectElement>('#plan-budget')!;
const scenarioA = document.querySelector<HTMLSelectElement>('#scenario-a')!;
const scenarioB = document.querySelector<HTMLSelectElement>('#scenario-b')!;
const planStatus = document.querySelector<HTMLElement>('#plan-status')!;

const client = createClient({
  endpoint: new URL('../graphql', location.href).toString(),
  token: () => tokenInput.value.trim() || undefined,
});

// ---- formatting of Decimal strings, exact ----

/** "1234567.5" -> "1,234,567.5"; null -> "–". */
export function formatDecimal(value: string | null | undefined): string {
  if (value == null) return '–';
  const negative = value.startsWith('-');
  const [whole = '0', fraction] = value.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + (fraction === undefined ? '' : '.' + fraction);
}

/** A fraction as a percentage, shifting the decimal point: "0.2534" -> "25.34%". */
export function formatPercent(value: string | null | undefined): string {
  if (value == null) return '–';
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
  const padded = fraction.padEnd(2, '0');
  const integer = (whole + padded.slice(0, 2)).replace(/^0+(?=\d)/, '');
  const rest = padded.slice(2);
  return (negative ? '-' : '') + integer + (rest ? '.' + rest : '') + '%';
}

function format(kind: Kind, value: string | number | null | undefined): string {
  if (value == null) return '–';
  if (kind === 'money') return formatDecimal(String(value));
  if (kind === 'pct') return formatPercent(String(value));
  return String(value);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** True when a Decimal string (or count) is absent or zero. */
export function isZero(value: string | number | null | undefined): boolean {
  return value == null || Number(value) === 0;
}

function renderTable<R>(name: string, columns: Column<R>[], rows: R[], key: (row: R) => string, total?: R, hidden = 0): void {
  const table = document.querySelector<HTMLTableElement>(`table[data-table="${name}"]`)!;
  table.dataset.hidden = String(hidden);
  const caption = hidden > 0 ? `<caption>${hidden} row${hidden === 1 ? '' : 's'} without any figure in the range hidden</caption>` : '';
  const head = `<thead><tr>${columns.map((c) => `<th>${escapeHtml(c.title)}</th>`).join('')}</tr></thead>`;
  const line = (row: R, rowKey: string, cls = '') =>
    `<tr data-key="${escapeHtml(rowKey)}" class="${cls}">` +
    columns
      .map((c) => {
        const value = c.value(row);
        const raw = value == null ? '' : String(value);
        const negative = (c.kind === 'money' || c.kind === 'pct') && raw.startsWith('-');
        return `<td data-field="${c.field}" data-value="${escapeHtml(raw)}"${negative ? ' class="negative"' : ''}>${escapeHtml(
          format(c.kind, value),
        )}</td>`;
      })
      .join('') +
    '</tr>';
  const body = rows.map((r) => line(r, key(r))).join('') + (total ? line(total, 'total', 'total') : '');
  table.innerHTML = caption + head + `<tbody>${body || `<tr><td class="empty" colspan="${columns.length}">no data in the range</td></tr>`}</tbody>`;
}

// ---- P&L over time: table and an SVG line chart ----

type PnlRow = ProfitAndLossQuery['profitAndLoss']['rows'][number];
type PnlTotal = ProfitAndLossQuery['profitAndLoss']['total'];

const SERIES = [
  { field: 'revenue', title: 'Revenue', color: '#1f77b4' },
  { field: 'grossProfit', title: 'Gross profit', color: '#2ca02c' },
  { field: 'operatingProfit', title: 'Operating profit', color: '#d62728' },
] as const;

function renderPnl(report: ProfitAndLossQuery['profitAndLoss']): void {
  const columns: Column<PnlRow | (PnlTotal & { period?: string })>[] = [
    { field: 'period', title: `Month (${report.currency})`, kind: 'text', value: (r) => ('period' in r ? r.period : 'Total') },
    { field: 'revenue', title: 'Revenue', kind: 'money', value: (r) => r.revenue },
    { field: 'costOfService', title: 'Cost of service', kind: 'money', value: (r) => r.costOfService },
    { field: 'grossProfit', title: 'Gross profit', kind: 'money', value: (r) => r.grossProfit },
    { field: 'grossMargin', title: 'Gross margin', kind: 'pct', value: (r) => r.grossMargin },
    { field: 'operatingExpenses', title: 'Operating expenses', kind: 'money', value: (r) => r.operatingExpenses },
    { field: 'operatingProfit', title: 'Operating profit', kind: 'money', value: (r) => r.operatingProfit },
    { field: 'operatingMargin', title: 'Operating margin', kind: 'pct', value: (r) => r.operatingMargin },
  ];
  renderTable('pnl', columns, report.rows, (r) => (r as PnlRow).period, { ...report.total, period: 'Total' });
  renderChart(report.rows);
}

function renderChart(rows: PnlRow[]): void {
  const chart = document.querySelector<HTMLElement>('#pnl-chart')!;
  const width = 640;
  const height = 220;
  const pad = { left: 64, right: 28, top: 10, bottom: 24 };
  // Number() only positions the points on screen; the figures themselves stay exact strings.
  const values = rows.flatMap((r) => SERIES.map((s) => Number(r[s.field])));
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const x = (i: number) => pad.left + (rows.length <= 1 ? 0 : (i * (width - pad.left - pad.right)) / (rows.length - 1));
  const y = (v: number) => pad.top + ((max - v) * (height - pad.top - pad.bottom)) / span;
  const lines = SERIES.map((s) => {
    const points = rows.map((r, i) => `${x(i).toFixed(1)},${y(Number(r[s.field])).toFixed(1)}`).join(' ');
    const dots = rows
      .map((r, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(Number(r[s.field])).toFixed(1)}" r="3" fill="${s.color}"><title>${s.title} ${r.period}: ${formatDecimal(r[s.field])}</title></circle>`)
      .join('');
    return `<polyline data-series="${s.field}" fill="none" stroke="${s.color}" stroke-width="2" points="${points}"/>${dots}`;
  }).join('');
  const labels = rows
    .map((r, i) => (rows.length <= 12 || i % Math.ceil(rows.length / 12) === 0
      ? `<text x="${x(i).toFixed(1)}" y="${height - 6}" font-size="10" text-anchor="middle">${r.period}</text>` : ''))
    .join('');
  const axis = [max, (max + min) / 2, min]
    .map((v) => `<text x="${pad.left - 6}" y="${(y(v) + 3).toFixed(1)}" font-size="10" text-anchor="end">${Math.round(v).toLocaleString('en-US')}</text>` +
      `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e6e8ec"/>`)
    .join('');
  const zero = `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" stroke="#999"/>`;
  const legend = `<div class="legend">${SERIES.map((s) => `<span style="--c:${s.color}">${s.title}</span>`).join('')}</div>`;
  chart.innerHTML = legend + `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="Revenue, gross profit and operating profit by month">${axis}${zero}${lines}${labels}</svg>`;
}

// ---- plan vs actual vs forecast, and scenario comparison ----

/** a + b for Decimal strings, exactly (integers on a common scale); null when either is null. */
export function addDecimals(a: string | null | undefined, b: string | null | undefined): string | null {
  if (a == null || b == null) return null;
  const scaleOf = (v: string) => (v.split('.')[1] ?? '').length;
  const scale = Math.max(scaleOf(a), scaleOf(b));
  const units = (v: string) => {
    const [whole = '0', fraction = ''] = v.replace('-', '').split('.');
    const n = BigInt(whole + fraction.padEnd(scale, '0'));
    return v.startsWith('-') ? -n : n;
  };
  const sum = units(a) + units(b);
  const digits = (sum < 0n ? -sum : sum).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return (sum < 0n ? '-' : '') + text;
}

type PlanRow = PlanVsActualQuery['profitAndLoss']['rows'][number];

/** One period of the plan view: the P&L's actual figures, its budget and its forecast. */
export interface PlanLine {
  period: string;
  kind: string | null;
  revenue: string;
  forecastRevenue: string | null;
  revenueVsForecast: string | null;
  spend: string | null;
  budgetSpend: string | null;
  spendVsBudget: string | null;
  forecastSpend: string | null;
  operatingProfit: string;
  forecastOperatingProfit: string | null;
  newCustomers: number;
  forecastNewCustomers: string | null;
}

/** The rows of the BUDGET and FORECAST reports of one range and scope, period by period. */
export function planLines(budget: PlanRow[], forecast: PlanRow[]): PlanLine[] {
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

const PLAN_SERIES = [
  { field: 'revenue', title: 'Revenue', color: '#1f77b4' },
  { field: 'forecastRevenue', title: 'Revenue forecast', color: '#9ecae9' },
  { field: 'spend', title: 'Spend', color: '#d62728' },
  { field: 'budgetSpend', title: 'Spend budget', color: '#ff9896' },
  { field: 'forecastSpend', title: 'Spend forecast', color: '#f4a460' },
] as const;

function renderPlan(lines: PlanLine[], currency: string): void {
  const columns: Column<PlanLine>[] = [
    { field: 'period', title: `Period (${currency})`, kind: 'text', value: (r) => r.period },
    { field: 'kind', title: 'Forecast', kind: 'text', value: (r) => r.kind },
    { field: 'revenue', title: 'Revenue', kind: 'money', value: (r) => r.revenue },
    { field: 'forecastRevenue', title: 'Revenue forecast', kind: 'money', value: (r) => r.forecastRevenue },
    { field: 'revenueVsForecast', title: 'vs forecast', kind: 'money', value: (r) => r.revenueVsForecast },
    { field: 'spend', title: 'Spend', kind: 'money', value: (r) => r.spend },
    { field: 'budgetSpend', title: 'Spend budget', kind: 'money', value: (r) => r.budgetSpend },
    { field: 'spendVsBudget', title: 'vs budget', kind: 'money', value: (r) => r.spendVsBudget },
    { field: 'forecastSpend', title: 'Spend forecast', kind: 'money', value: (r) => r.forecastSpend },
    { field: 'operatingProfit', title: 'Operating profit', kind: 'money', value: (r) => r.operatingProfit },
    { field: 'forecastOperatingProfit', title: 'Operating profit forecast', kind: 'money', value: (r) => r.forecastOperatingProfit },
    { field: 'newCustomers', title: 'New customers', kind: 'num', value: (r) => r.newCustomers },
    { field: 'forecastNewCustomers', title: 'New customers forecast', kind: 'num', value: (r) => r.forecastNewCustomers },
  ];
  renderTable('plan', columns, lines, (r) => r.period);
  document.querySelectorAll<HTMLTableRowElement>('table[data-table="plan"] tbody tr[data-key]').forEach((tr, i) => {
    if (lines[i]?.kind === 'FORECAST') tr.classList.add('forecast');
  });
  renderPlanChart(lines);
}

function renderPlanChart(lines: PlanLine[]): void {
  const chart = document.querySelector<HTMLElement>('#plan-chart')!;
  const width = 640;
  const height = 200;
  const pad = { left: 64, right: 28, top: 10, bottom: 24 };
  // Number() only positions the points on screen; the figures stay exact strings
  const values = lines.flatMap((l) => PLAN_SERIES.map((s) => l[s.field]).filter((v) => v != null).map(Number));
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const x = (i: number) => pad.left + (lines.length <= 1 ? 0 : (i * (width - pad.left - pad.right)) / (lines.length - 1));
  const y = (v: number) => pad.top + ((max - v) * (height - pad.top - pad.bottom)) / span;
  const series = PLAN_SERIES.map((s) => {
    const points = lines
      .map((l, i) => (l[s.field] == null ? null : `${x(i).toFixed(1)},${y(Number(l[s.field])).toFixed(1)}`))
      .filter((p) => p != null)
      .join(' ');
    return `<polyline data-series="${s.field}" fill="none" stroke="${s.color}" stroke-width="2"${s.field.startsWith('forecast') || s.field === 'budgetSpend' ? ' stroke-dasharray="5 3"' : ''} points="${points}"/>`;
  }).join('');
  const labels = lines
    .map((l, i) => (lines.length <= 12 || i % Math.ceil(lines.length / 12) === 0
      ? `<text x="${x(i).toFixed(1)}" y="${height - 6}" font-size="10" text-anchor="middle">${l.period}</text>` : ''))
    .join('');
  const axis = [max, min]
    .map((v) => `<text x="${pad.left - 6}" y="${(y(v) + 3).toFixed(1)}" font-size="10" text-anchor="end">${Math.round(v).toLocaleString('en-US')}</text>`)
    .join('');
  const legend = `<div class="legend">${PLAN_SERIES.map((s) => `<span style="--c:${s.color}">${s.title}</span>`).join('')}</div>`;
  chart.innerHTML = legend + `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="Revenue and spend: actual, budget and forecast">${axis}${series}${labels}</svg>`;
}

type ScenarioRow = CompareScenariosQuery['compareScenarios']['rows'][number];
const SCENARIO_FIGURES = [
  { field: 'revenue', title: 'Revenue', kind: 'money' },
  { field: 'contribution', title: 'Contribution', kind: 'money' },
  { field: 'newCustomers', title: 'New customers', kind: 'num' },
  { field: 'mrr', title: 'MRR', kind: 'money' },
] as const;

function renderScenarios(report: CompareScenariosQuery['compareScenarios'], scope: string | null): void {
  const a = report.a ?? 'base';
  const b = report.b ?? 'base';
  const columns: Column<ScenarioRow>[] = [
    { field: 'period', title: 'Period', kind: 'text', value: (r) => r.period },
    { field: 'kind', title: 'Forecast', kind: 'text', value: (r) => r.kind },
    ...SCENARIO_FIGURES.flatMap((f): Column<ScenarioRow>[] => [
      { field: `a.${f.field}`, title: `${f.title} ${a}`, kind: f.kind, value: (r) => r.a[f.field] },
      { field: `b.${f.field}`, title: `${f.title} ${b}`, kind: f.kind, value: (r) => r.b[f.field] },
      { field: `difference.${f.field}`, title: 'b - a', kind: f.kind, value: (r) => r.difference[f.field] },
    ]),
  ];
  const rows = report.rows.filter((r) => (r.segmentCode ?? null) === scope);
  renderTable('scenarios', columns, rows, (r) => r.period);
}

function fillSelect(select: HTMLSelectElement, options: Array<{ value: string; label: string }>): void {
  const current = select.value;
  const first = select.options[0]!;
  select.replaceChildren(first, ...options.map((o) => new Option(o.label, o.value)));
  select.value = options.some((o) => o.value === current) ? current : '';
}

function fillChoices(choices: PlanChoicesQuery, segments: SegmentRow[]): void {
  fillSelect(scopeSelect, segments
    .filter((r) => r.segmentCode != null)
    .map((r) => ({ value: r.segmentCode!, label: '\u00a0\u00a0'.repeat(Math.max(0, r.depth)) + r.segmentName })));
  fillSelect(budgetSelect, choices.budgetVersions.map((v) => ({
    value: v.name, label: `${v.name} (${v.status.toLowerCase()}${v.isLatestApproved ? ', latest approved' : ''})`,
  })));
  const scenarios = choices.scenarios.map((s) => ({ value: s.code, label: s.name }));
  fillSelect(scenarioA, scenarios);
  fillSelect(scenarioB, scenarios);
}

/** Loads the plan view for the range and the choices; its failure (a range past the forecast's horizon) is the section's, not the page's. */
async function loadPlan(): Promise<void> {
  const { from, to } = range();
  const scope = scopeSelect.value || null;
  const filter = scope ? { segmentCodes: [scope] } : null;
  const budgetVersion = budgetSelect.value || null;
  const a = scenarioA.value || null;
  const b = scenarioB.value || null;
  const section = document.querySelector<HTMLElement>('#plan')!;
  section.dataset.state = 'loading';
  try {
    const [budget, forecast, scenarios] = await Promise.all([
      client.request(PlanVsActualDocument, { from, to, filter, compareTo: 'BUDGET', budgetVersion }),
      client.request(PlanVsActualDocument, { from, to, filter, compareTo: 'FORECAST' }),
      client.request(CompareScenariosDocument, { a, b, from, to, segmentCode: scope }),
    ]);
    renderPlan(planLines(budget.profitAndLoss.rows, forecast.profitAndLoss.rows), forecast.profitAndLoss.currency);
    renderScenarios(scenarios.compareScenarios, scope);
    const version = budget.profitAndLoss.rows[0]?.plan?.budgetVersion;
    planStatus.className = 'note';
    planStatus.textContent = `${scope ? scopeSelect.selectedOptions[0]?.textContent?.trim() : 'Whole company'}: budget ${version ?? '(none approved)'}, `
      + `forecast measured up to ${scenarios.compareScenarios.lastActualMonth}, projected after.`;
    section.dataset.state = 'ready';
  } catch (error) {
    planStatus.className = 'note error';
    planStatus.textContent = error instanceof Error ? error.message : String(error);
    section.dataset.state = 'error';
  }
}

// ---- the other sections ----

type SegmentRow = SegmentEconomicsQuery['segmentEconomics']['rows'][number];
export function segmentIsEmpty(r: SegmentRow): boolean {
  return r.newCustomers === 0 && isZero(r.revenue) && isZero(r.costOfService) && isZero(r.directCost);
}
function renderSegments(report: SegmentEconomicsQuery['segmentEconomics']): void {
  const columns: Column<SegmentRow>[] = [
    { field: 'segmentName', title: 'Segment', kind: 'text', value: (r) => '\u00a0\u00a0'.repeat(Math.max(0, r.depth + 1)) + r.segmentName },
    { field: 'newCustomers', title: 'New customers', kind: 'num', value: (r) => r.newCustomers },
    { field: 'revenue', title: 'Revenue', kind: 'money', value: (r) => r.revenue },
    { field: 'contributionMargin', title: 'Contribution', kind: 'money', value: (r) => r.contributionMargin },
    { field: 'cac', title: 'CAC', kind: 'money', value: (r) => r.cac },
    { field: 'ltv', title: 'LTV', kind: 'money', value: (r) => r.ltv },
    { field: 'ltvToCac', title: 'LTV:CAC', kind: 'num', value: (r) => r.ltvToCac },
    { field: 'paybackMonths', title: 'Payback (months)', kind: 'num', value: (r) => r.paybackMonths },
  ];
  // segments without customers, revenue or cost in the range are hidden; the company row always shows
  const shown = report.rows.filter((r) => r.segmentCode == null || !segmentIsEmpty(r));
  renderTable('segments', columns, shown, (r) => r.segmentCode ?? '(company)', undefined, report.rows.length - shown.length);
}

type CampaignRow = CampaignPerformanceQuery['campaignPerformance']['rows'][number];
export function campaignIsEmpty(r: CampaignRow): boolean {
  return isZero(r.spend) && r.impressions === 0 && r.clicks === 0 && r.leads === 0 && isZero(r.customers) && isZero(r.attributedRevenue);
}
function renderCampaigns(report: CampaignPerformanceQuery['campaignPerformance']): void {
  const columns: Column<CampaignRow>[] = [
    { field: 'name', title: 'Campaign', kind: 'text', value: (r) => (r.unattributed ? '(unattributed)' : r.name ?? r.code ?? '–') },
    { field: 'spend', title: 'Spend', kind: 'money', value: (r) => r.spend },
    { field: 'leads', title: 'Leads', kind: 'num', value: (r) => r.leads },
    { field: 'customers', title: 'Customers', kind: 'num', value: (r) => r.customers },
    { field: 'attributedRevenue', title: 'Attributed revenue', kind: 'money', value: (r) => r.attributedRevenue },
    { field: 'cac', title: 'CAC', kind: 'money', value: (r) => r.cac },
    { field: 'roas', title: 'ROAS', kind: 'num', value: (r) => r.roas },
  ];
  const shown = report.rows.filter((r) => !campaignIsEmpty(r));
  renderTable('campaigns', columns, shown, (r) => (r.unattributed ? '(unattributed)' : r.code ?? '(none)'), undefined, report.rows.length - shown.length);
}

function renderCohorts(report: CohortRetentionQuery['cohortRetention']): void {
  const table = document.querySelector<HTMLTableElement>('table[data-table="cohorts"]')!;
  const cohorts = [...new Set(report.rows.map((r) => r.cohortMonth))];
  const depth = Math.max(-1, ...report.rows.map((r) => r.monthsSinceAcquisition)) + 1;
  if (cohorts.length === 0) {
    table.innerHTML = '<tbody><tr><td class="empty">no customers acquired in the range</td></tr></tbody>';
    return;
  }
  const head = `<thead><tr><th>Cohort</th><th>Size</th>${Array.from({ length: depth }, (_, k) => `<th>+${k}</th>`).join('')}</tr></thead>`;
  const body = cohorts
    .map((cohort) => {
      const cells = report.rows.filter((r) => r.cohortMonth === cohort);
      const size = cells[0]?.cohortSize ?? 0;
      const tds = Array.from({ length: depth }, (_, k) => {
        const cell = cells.find((c) => c.monthsSinceAcquisition === k);
        if (!cell) return '<td></td>';
        const share = Number(cell.retention ?? 0); // colour only
        return `<td data-field="m${k}" data-value="${cell.retention ?? ''}" style="background: rgba(31,119,180,${share.toFixed(3)}); color: ${share > 0.55 ? '#fff' : '#1d2330'}" title="${cell.activeCustomers} of ${size} active in ${cell.month}">${formatPercent(cell.retention)}</td>`;
      }).join('');
      return `<tr data-key="${cohort}"><td>${cohort}</td><td data-field="cohortSize" data-value="${size}">${size}</td>${tds}</tr>`;
    })
    .join('');
  table.innerHTML = head + `<tbody>${body}</tbody>`;
}

type BudgetRow = BudgetVsActualQuery['budgetVsActual']['rows'][number];
type BudgetTotal = BudgetVsActualQuery['budgetVsActual']['total'];
function renderBudget(report: BudgetVsActualQuery['budgetVsActual']): void {
  const columns: Column<BudgetRow | (BudgetTotal & { departmentName?: string; month?: string })>[] = [
    { field: 'departmentName', title: 'Department', kind: 'text', value: (r) => r.departmentName ?? 'Total' },
    { field: 'month', title: 'Month', kind: 'text', value: (r) => r.month ?? '' },
    { field: 'budget', title: 'Budget', kind: 'money', value: (r) => r.budget },
    { field: 'actual', title: 'Actual', kind: 'money', value: (r) => r.actual },
    { field: 'variance', title: 'Variance', kind: 'money', value: (r) => r.variance },
    { field: 'variancePct', title: 'Variance %', kind: 'pct', value: (r) => r.variancePct },
  ];
  const shown = report.rows.filter((r) => !(isZero(r.budget) && isZero(r.actual)));
  renderTable('budget', columns, shown, (r) => `${(r as BudgetRow).departmentCode}/${(r as BudgetRow).month}`, report.total, report.rows.length - shown.length);
}

type StatementRow = DepartmentStatementQuery['departmentStatement']['rows'][number];
type StatementCompany = DepartmentStatementQuery['departmentStatement']['company'][number];
export function statementIsEmpty(r: StatementRow): boolean {
  return isZero(r.budget) && isZero(r.directCost) && isZero(r.allocatedIn) && isZero(r.allocatedOut)
    && isZero(r.creditedNewCustomers) && isZero(r.creditedRevenue);
}
function renderDepartments(report: DepartmentStatementQuery['departmentStatement']): void {
  // a line of the table: a department's row, the unassigned row or the whole company, keyed by
  // code (or "(unassigned)", "(company)") and month
  interface Line { key: string; name: string; r: StatementRow | StatementCompany }
  const columns: Column<Line>[] = [
    { field: 'departmentName', title: 'Department', kind: 'text', value: (l) => l.name },
    { field: 'period', title: 'Month', kind: 'text', value: (l) => l.r.period },
    { field: 'budget', title: 'Budget', kind: 'money', value: (l) => l.r.budget },
    { field: 'directCost', title: 'Direct cost', kind: 'money', value: (l) => l.r.directCost },
    { field: 'allocatedIn', title: 'Allocated in', kind: 'money', value: (l) => l.r.allocatedIn },
    { field: 'allocatedOut', title: 'Allocated out', kind: 'money', value: (l) => l.r.allocatedOut },
    { field: 'fullyLoadedCost', title: 'Fully-loaded cost', kind: 'money', value: (l) => l.r.fullyLoadedCost },
    { field: 'budgetVariance', title: 'Variance', kind: 'money', value: (l) => l.r.budgetVariance },
    { field: 'creditedNewCustomers', title: 'Credited customers', kind: 'num', value: (l) => l.r.creditedNewCustomers },
    { field: 'creditedRevenue', title: 'Credited revenue', kind: 'money', value: (l) => l.r.creditedRevenue },
    { field: 'returnOnCost', title: 'Return on cost', kind: 'num', value: (l) => l.r.returnOnCost },
  ];
  // departments without a figure in a month are hidden (the unassigned row too); each month ends
  // with the whole company
  const shown = report.rows.filter((r) => !statementIsEmpty(r));
  const lines: Line[] = [];
  for (const company of report.company) {
    for (const r of shown.filter((x) => x.period === company.period)) {
      lines.push({ key: `${r.departmentCode ?? '(unassigned)'}/${r.period}`, name: r.departmentName, r });
    }
    lines.push({ key: `(company)/${company.period}`, name: 'Whole company', r: company });
  }
  renderTable('departments', columns, lines, (l) => l.key, undefined, report.rows.length - shown.length);
}

// ---- loading ----

function monthStart(date: string): string {
  return date.slice(0, 8) + '01';
}

function monthEnd(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${date.slice(0, 8)}${String(last).padStart(2, '0')}`;
}

function range(): { from: string; to: string } {
  const data = new FormData(form);
  return { from: monthStart(String(data.get('from'))), to: monthEnd(String(data.get('to'))) };
}

async function loadCampaigns(): Promise<void> {
  const { from, to } = range();
  const model = modelSelect.value as AttributionModel;
  const [campaigns, departments] = await Promise.all([
    client.request(CampaignPerformanceDocument, { from, to, model, groupBy: 'CAMPAIGN' }),
    client.request(DepartmentStatementDocument, { from, to, model }),
  ]);
  renderCampaigns(campaigns.campaignPerformance);
  renderDepartments(departments.departmentStatement);
}

async function run(task: () => Promise<unknown>): Promise<void> {
  document.body.dataset.state = 'loading';
  status.textContent = 'Loading…';
  try {
    await task();
    document.body.dataset.state = 'ready';
    const { from, to } = range();
    status.textContent = `${from} to ${to}`;
  } catch (error) {
    document.body.dataset.state = 'error';
    status.textContent = error instanceof RevgraphError && error.status === 401
      ? 'The API needs a bearer token: enter it in Token and press Show.'
      : error instanceof Error ? error.message : String(error);
  }
}

async function loadAll(): Promise<void> {
  const { from, to } = range();
  history.replaceState(null, '', `?from=${from}&to=${to}`);
  const [pnl, segments, cohorts, budget, choices] = await Promise.all([
    client.request(ProfitAndLossDocument, { from, to, granularity: 'MONTH' }),
    client.request(SegmentEconomicsDocument, { from, to }),
    client.request(CohortRetentionDocument, { from, to, basis: 'LOGOS' }),
    client.request(BudgetVsActualDocument, { from, to }),
    client.request(PlanChoicesDocument, {}),
    loadCampaigns(),
  ]);
  renderPnl(pnl.profitAndLoss);
  renderSegments(segments.segmentEconomics);
  renderCohorts(cohorts.cohortRetention);
  renderBudget(budget.budgetVsActual);
  fillChoices(choices, segments.segmentEconomics.rows);
  await loadPlan();
}

// ---- live refresh: the figures load again when a month closes or a file is imported ----

let live: Array<() => void> = [];
let liveToken: string | undefined;
let refreshes = 0;

function refresh(reason: string): void {
  refreshes += 1;
  document.body.dataset.refreshes = String(refreshes);
  document.body.dataset.lastEvent = reason;
  void run(loadAll);
}

/** (Re)opens the subscriptions with the current token; importFinished is refused to roles that do not import, silently. */
function listen(): void {
  const token = tokenInput.value.trim() || undefined;
  if (live.length > 0 && token === liveToken) return;
  live.forEach((stop) => stop());
  liveToken = token;
  live = [
    client.subscribe(MonthClosedDocument, { next: (data) => refresh(`monthClosed ${data.monthClosed.month}`) }),
    client.subscribe(ImportFinishedDocument, { next: (data) => refresh(`importFinished ${data.importFinished.file}`) }),
  ];
}

function init(): void {
  const params = new URLSearchParams(location.search);
  const today = new Date();
  const lastYear = new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth() + 1, 1));
  (form.elements.namedItem('from') as HTMLInputElement).value = params.get('from') ?? lastYear.toISOString().slice(0, 10);
  (form.elements.namedItem('to') as HTMLInputElement).value = params.get('to') ?? today.toISOString().slice(0, 10);
  tokenInput.value = sessionStorage.getItem('revgraph.token') ?? '';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem('revgraph.token', tokenInput.value.trim());
    listen();
    void run(loadAll);
  });
  modelSelect.addEventListener('change', () => void run(loadCampaigns));
  for (const select of [scopeSelect, budgetSelect, scenarioA, scenarioB]) {
    select.addEventListener('change', () => void run(loadPlan));
  }
  listen();
  void run(loadAll);
}

init();
