// SeatMix's pages: the calculator (GET /), a shared deal (GET /d/{id}) and the batch page
// (GET /batch). The server renders each page's frame; this script fills it in and talks to the JSON
// API under /api/v1 as any client does. It builds every element with the DOM, never from markup text, so a
// name typed into a deal is always text, never markup; it sets no inline style, so the pages' CSP
// (script-src 'self', style-src 'self') holds.
'use strict';

(function () {
  const SVG = 'http://www.w3.org/2000/svg';

  // ---------------------------------------------------------------------------------------------
  // Small helpers

  /** An element with attributes (`class`, `for`, `data-*`, booleans as presence) and children. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    setAttributes(node, attributes);
    append(node, children);
    return node;
  }

  function svg(tag, attributes, ...children) {
    const node = document.createElementNS(SVG, tag);
    setAttributes(node, attributes);
    append(node, children);
    return node;
  }

  function setAttributes(node, attributes) {
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value === null || value === undefined) continue;
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /** Money as the server's pages write it (PageMoney in Pages/HTMLText.swift). */
  function formatMoney(amount, currency, maximumDecimals) {
    if (amount === null || amount === undefined || !Number.isFinite(Number(amount))) return '–';
    const places = Math.min(Math.max(maximumDecimals || 2, 2), 4);
    const scale = 10 ** places;
    const units = Math.round(Math.abs(Number(amount)) * scale);
    let whole = String(Math.floor(units / scale));
    let fraction = String(units % scale).padStart(places, '0');
    while (fraction.length > 2 && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
    whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    const number = whole + '.' + fraction;
    const sign = Number(amount) < 0 && units > 0 ? '-' : '';
    const symbols = { USD: '$', EUR: '€', GBP: '£' };
    const symbol = symbols[currency];
    return symbol ? sign + symbol + number : sign + (currency || '') + ' ' + number;
  }

  function debounce(action, milliseconds) {
    let timer = null;
    const debounced = (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => action(...args), milliseconds);
    };
    debounced.cancel = () => clearTimeout(timer);
    return debounced;
  }

  /** A stored time (ISO 8601, UTC) as the pages show it: `2026-12-01 12:47 UTC` (SharedDealPage.displayTime). */
  function displayTime(iso) {
    const match = /^([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9]{2}:[0-9]{2}).*Z$/.exec(iso || '');
    return match ? `${match[1]} ${match[2]} UTC` : iso || '';
  }

  function slug(text) {
    const s = String(text || 'deal').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    return s || 'deal';
  }

  /** Saves a Blob as a file through a temporary link. */
  function download(blob, filename) {
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function copyText(text, input) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      if (input) {
        input.select();
        try {
          return document.execCommand('copy');
        } catch (ignored) {
          return false;
        }
      }
      return false;
    }
  }

  /**
   * One call of the API. Answers {ok, status, body, problem, response}: `body` is the parsed JSON
   * (or a Blob with `as: 'blob'`), `problem` the RFC 9457 problem details of an error answer.
   */
  async function api(method, path, options = {}) {
    const headers = Object.assign({ Accept: 'application/json, application/problem+json' }, options.headers);
    let body = options.body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    let response;
    try {
      response = await fetch(path, { method, headers, body, signal: options.signal, credentials: 'same-origin' });
    } catch (error) {
      if (error && error.name === 'AbortError') throw error;
      return { ok: false, status: 0, problem: { title: 'The service cannot be reached', detail: String(error.message || error) } };
    }
    const type = response.headers.get('Content-Type') || '';
    if (!response.ok) {
      let problem = { title: response.statusText || 'Error', status: response.status, detail: '' };
      if (type.includes('json')) {
        try {
          problem = Object.assign(problem, await response.json());
        } catch (ignored) {
          // not JSON after all: keep the status line
        }
      } else {
        problem.detail = (await response.text()).slice(0, 500);
      }
      return { ok: false, status: response.status, problem, response };
    }
    if (options.as === 'blob') return { ok: true, status: response.status, body: await response.blob(), response };
    if (response.status === 204) return { ok: true, status: 204, body: null, response };
    if (type.includes('json')) return { ok: true, status: response.status, body: await response.json(), response };
    return { ok: true, status: response.status, body: await response.text(), response };
  }

  /** One located problem of a posted document: `line 7, groups[0].agents: -40 is negative`. */
  function locatedText(e) {
    const where = [e.line ? `line ${e.line}` : '', e.field || ''].filter(Boolean).join(', ');
    return (where ? where + ': ' : '') + e.message;
  }

  /** A problem's sentence: its detail, else its title. */
  function problemText(problem) {
    if (!problem) return 'Something went wrong.';
    const detail = problem.detail && !(problem.errors && problem.errors.length) ? ': ' + problem.detail : '';
    return (problem.title || 'Error') + detail;
  }

  // ---------------------------------------------------------------------------------------------
  // Catalogs

  const catalogCache = new Map();

  /** A catalog as GET /api/v1/catalogs/{id} gives it, in the shape this script uses. */
  function normalizeCatalog(raw) {
    const features = (raw.features || []).map((f) => (typeof f === 'string' ? { id: f, name: f } : f));
    const tiers = (raw.tiers || []).map((t) => ({ id: t.id, name: t.name || t.id, features: t.features || [] }));
    const terms = (raw.terms || []).map((t) => ({ id: t.id, name: t.name || t.id, months: t.months }));
    const addOns = raw.add_ons || [];
    let accountAddOns = raw.account_add_ons;
    if (!accountAddOns) accountAddOns = addOns.filter((a) => ['per-account', 'per-unit', 'storage'].includes(a.basis));
    accountAddOns = accountAddOns.map((a) => ({
      id: a.id,
      name: a.name || a.id,
      basis: a.basis,
      unit: a.unit,
      block_gb: a.block_gb,
    }));
    const skus = raw.skus || [];
    return {
      id: raw.id,
      name: raw.name || raw.id,
      currency: raw.currency || 'USD',
      effectiveDate: raw.effective_date,
      terms,
      defaultTerm: raw.default_term || (terms[0] && terms[0].id),
      features,
      tiers,
      accountAddOns,
      skus,
      featureName: (id) => (features.find((f) => f.id === id) || { name: id }).name,
      tierName: (id) => (tiers.find((t) => t.id === id) || { name: id }).name,
    };
  }

  async function loadCatalog(id) {
    if (catalogCache.has(id)) return catalogCache.get(id);
    const answer = await api('GET', '/api/v1/catalogs/' + encodeURIComponent(id));
    if (!answer.ok) throw answer.problem;
    const catalog = normalizeCatalog(answer.body);
    catalogCache.set(id, catalog);
    return catalog;
  }

  function planLabel(plan, catalog) {
    const single = /^(.*)-(named|concurrent)$/.exec(plan.plan || '');
    if (single && catalog) return catalog.tierName(plan.tier || single[1]) + ' ' + (plan.licensing || single[2]);
    return plan.plan;
  }

  // ---------------------------------------------------------------------------------------------
  // The plan: groups, line items, comparison chart, break-even curve, warnings

  function tableWrap(label, table) {
    return el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': label }, table);
  }

  function headerRow(...names) {
    return el('thead', {}, el('tr', {}, names.map((n) => el('th', { scope: 'col' }, n))));
  }

  /** Draws a plan (the JSON of POST /api/v1/plans) into `container`: the same sections as PlanHTML. */
  function renderPlan(container, plan, catalog, options = {}) {
    clear(container);
    const currency = (plan.catalog && plan.catalog.currency) || (catalog && catalog.currency) || 'USD';
    const money = (amount, decimals) => formatMoney(amount, currency, decimals);
    const summary = el('div', { class: 'plan-summary' });
    summary.append(el('p', { class: 'plan-status', 'data-status': plan.status || 'unknown' }, statusSentence(plan)));
    if (plan.monthly_total !== undefined && plan.monthly_total !== null) {
      const total = el('p', { class: 'plan-total' }, el('span', { class: 'total-monthly' }, money(plan.monthly_total)), ' a month');
      if (plan.term_total !== undefined) {
        const months = plan.term_months ? ` (${plan.term_months} ${plan.term_months === 1 ? 'month' : 'months'})` : '';
        total.append(', ', el('span', { class: 'total-term' }, money(plan.term_total)), ' over the term' + months);
      }
      summary.append(total);
    }
    for (const reason of plan.infeasible_because || []) summary.append(el('p', { class: 'plan-infeasible' }, reason));
    container.append(summary);

    const groups = plan.groups || [];
    if (groups.length) {
      const body = el('tbody');
      for (const group of groups) {
        body.append(
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, group.name),
            el('td', { class: 'num' }, group.agents ?? '–'),
            el('td', { class: 'num' }, group.peak_concurrent ?? '–'),
            el('td', {}, group.tier ? (catalog ? catalog.tierName(group.tier) : group.tier) : '–'),
            el('td', {}, group.licensing || '–'),
            el('td', {}, addOnText(group))
          )
        );
      }
      container.append(
        el('h3', {}, 'Groups'),
        tableWrap('Groups', el('table', { class: 'plan-groups' }, headerRow('Group', 'Agents', 'Peak', 'Tier', 'Licensing', 'Add-ons'), body))
      );
    }

    const items = plan.line_items || [];
    if (items.length) {
      const body = el('tbody');
      for (const item of items) {
        body.append(
          el(
            'tr',
            { 'data-sku': item.sku },
            el('th', { scope: 'row' }, item.name || item.sku, ' ', el('span', { class: 'sku' }, item.sku)),
            el('td', { class: 'num qty' }, item.quantity),
            el('td', { class: 'num' }, money(item.unit_price, 4), item.estimated_price ? el('abbr', { class: 'estimated', title: 'estimated price' }, '*') : null),
            el('td', { class: 'num' }, money(item.monthly)),
            el('td', { class: 'num' }, money(item.term_total)),
            el('td', { class: 'reason' }, item.reason || '')
          )
        );
      }
      container.append(
        el('h3', {}, 'Line items'),
        tableWrap('Line items', el('table', { class: 'plan-items' }, headerRow('SKU', 'Qty', 'Unit/month', 'Monthly', 'Term total', 'Why'), body))
      );
      if (items.some((i) => i.estimated_price)) container.append(el('p', { class: 'note' }, '* estimated price (see the warnings)'));
    }

    if (options.singles && (plan.single_plans || []).length) {
      // As the share page's server rendering lists them (PlanHTML); the calculator draws a chart.
      const list = el('ul', { class: 'single-plans' });
      for (const single of plan.single_plans) {
        const item = el('li', { 'data-plan': single.plan }, el('span', { class: 'plan-name' }, planLabel(single, catalog)), ': ');
        if (single.monthly !== undefined && single.monthly !== null) {
          item.append(money(single.monthly) + ' a month');
          if (plan.monthly_total !== undefined && single.monthly > plan.monthly_total) item.append(` (+${money(single.monthly - plan.monthly_total)})`);
        } else {
          item.append(single.not_possible_because || single.not_solved_because || 'no plan');
        }
        list.append(item);
      }
      container.append(el('h3', {}, 'Against single plans'), list);
    }

    if (plan.best_single_plan && plan.savings_monthly !== undefined) {
      const best = (plan.single_plans || []).find((p) => p.plan === plan.best_single_plan) || { plan: plan.best_single_plan };
      // "The optimum" only when proven, as in the CLI's outputs.
      const planTitle = plan.status === 'optimal' ? 'The optimum' : 'The best plan found';
      let sentence;
      if (Number(plan.savings_monthly) > 0) {
        sentence = `Best single plan: ${planLabel(best, catalog)}; ${planTitle.toLowerCase()} saves ${money(plan.savings_monthly)} a month`;
        sentence += plan.savings_term !== undefined ? `, ${money(plan.savings_term)} over the term.` : '.';
      } else {
        sentence = `${planTitle} is a single plan: ${planLabel(best, catalog)}.`;
      }
      container.append(el('p', { class: 'savings' }, sentence));
    }

    const warnings = plan.warnings || [];
    if (warnings.length) {
      container.append(el('h3', {}, 'Warnings'), el('ul', { class: 'warnings' }, warnings.map((w) => el('li', {}, w))));
    }
  }

  function statusSentence(plan) {
    switch (plan.status) {
      case 'optimal':
        return plan.proven_optimal === false ? 'Optimal' : 'Optimal (proven by GLPK)';
      case 'infeasible':
        return 'No plan meets this deal';
      case undefined:
      case null:
        return 'No status';
      default:
        return plan.gap !== undefined ? `${plan.status} (gap ${(plan.gap * 100).toFixed(2)} %)` : plan.status;
    }
  }

  function addOnText(group) {
    const parts = [];
    if (group.add_ons && group.add_ons.length) parts.push(group.add_ons.join(', '));
    if (group.seat_covered_add_ons && group.seat_covered_add_ons.length) parts.push('covered per seat: ' + group.seat_covered_add_ons.join(', '));
    if (group.included_add_ons && group.included_add_ons.length) parts.push('included: ' + group.included_add_ons.join(', '));
    return parts.length ? parts.join('; ') : '–';
  }

  /** The single-plan comparison: one bar per plan (everyone on one tier and model) and the optimum. */
  function renderComparison(container, plan, catalog) {
    clear(container);
    const currency = (plan.catalog && plan.catalog.currency) || (catalog && catalog.currency) || 'USD';
    const rows = [];
    if (plan.monthly_total !== undefined && plan.monthly_total !== null) {
      rows.push({ label: plan.status === 'optimal' ? 'Optimum' : 'Best plan found', monthly: plan.monthly_total, optimum: true });
    }
    const impossible = [];
    for (const single of plan.single_plans || []) {
      if (single.monthly !== undefined && single.monthly !== null) {
        rows.push({ label: planLabel(single, catalog), monthly: single.monthly, best: single.plan === plan.best_single_plan });
      } else {
        impossible.push({ label: planLabel(single, catalog), why: single.not_possible_because || single.not_solved_because || 'no plan' });
      }
    }
    if (!rows.length) {
      container.append(el('p', { class: 'placeholder' }, 'No plan to compare.'));
    } else {
      const width = 400;
      const rowHeight = 42;
      const height = rows.length * rowHeight + 8;
      const maximum = Math.max(...rows.map((r) => Number(r.monthly))) || 1;
      const description = rows.map((r) => `${r.label}: ${formatMoney(r.monthly, currency)} a month`).join('; ');
      const chart = svg('svg', {
        viewBox: `0 0 ${width} ${height}`,
        class: 'comparison-chart',
        role: 'img',
        'aria-label': 'Monthly cost of the optimum and of each single plan. ' + description,
      });
      rows.forEach((row, index) => {
        const y = index * rowHeight + 4;
        const barWidth = Math.max(2, (Number(row.monthly) / maximum) * (width - 4));
        const kind = row.optimum ? 'bar optimum' : row.best ? 'bar best' : 'bar';
        chart.append(
          svg('text', { x: 2, y: y + 14, class: 'bar-label' }, row.label),
          svg('text', { x: width - 2, y: y + 14, class: 'bar-value', 'text-anchor': 'end' }, formatMoney(row.monthly, currency) + '/month'),
          svg('rect', { x: 2, y: y + 20, width: barWidth.toFixed(1), height: 14, rx: 2, class: kind }, svg('title', {}, `${row.label}: ${formatMoney(row.monthly, currency)} a month`))
        );
      });
      container.append(chart);
    }
    if (impossible.length) {
      container.append(
        el('ul', { class: 'impossible-plans' }, impossible.map((p) => el('li', {}, el('span', { class: 'plan-name' }, p.label), ': not possible: ', p.why)))
      );
    }
  }

  /** A round axis step near `raw`: 1, 2, 2.5 or 5 times a power of ten. */
  function niceStep(raw) {
    const power = 10 ** Math.floor(Math.log10(raw));
    for (const factor of [1, 2, 2.5, 5, 10]) if (factor * power >= raw) return factor * power;
    return 10 * power;
  }

  /** The break-even curve (report.break_even of POST /api/v1/reports?format=json). */
  function renderBreakEven(container, breakEven, currency) {
    clear(container);
    const points = (breakEven && breakEven.points) || [];
    if (!points.length) {
      container.append(el('p', { class: 'placeholder' }, 'No break-even: the deal allows one licensing model only, or no plan was found.'));
      return;
    }
    const width = 400;
    const height = 230;
    const left = 64;
    const right = 10;
    const top = 12;
    const bottom = 38;
    const values = points.flatMap((p) => [p.named, p.concurrent, p.optimum]).filter((v) => v !== undefined && v !== null).map(Number);
    const step = niceStep(Math.max(...values, 1) / 4);
    const maximum = Math.ceil((Math.max(...values, 1) * 1.02) / step) * step;
    const x = (ratio) => left + (ratio / 100) * (width - left - right);
    const y = (value) => top + (1 - Number(value) / maximum) * (height - top - bottom);
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'break-even-chart', role: 'img' });
    // axes and grid
    for (let value = 0; value <= maximum + step / 2; value += step) {
      chart.append(
        svg('line', { x1: left, x2: width - right, y1: y(value).toFixed(1), y2: y(value).toFixed(1), class: 'grid' }),
        svg('text', { x: left - 4, y: (y(value) + 4).toFixed(1), class: 'axis-label', 'text-anchor': 'end' }, formatMoney(Math.round(value), currency).replace(/\.00$/, ''))
      );
    }
    for (let ratio = 0; ratio <= 100; ratio += 20) {
      const anchor = ratio === 0 ? 'start' : ratio === 100 ? 'end' : 'middle';
      chart.append(svg('text', { x: x(ratio).toFixed(1), y: height - bottom + 16, class: 'axis-label', 'text-anchor': anchor }, ratio + ' %'));
    }
    chart.append(svg('text', { x: (left + width - right) / 2, y: height - 4, class: 'axis-title', 'text-anchor': 'middle' }, 'agents signed in at once (peak ÷ headcount)'));
    // The optimum first, wide and pale, so the named and concurrent lines stay visible on it.
    const series = [
      { key: 'optimum', label: 'Optimum', cls: 'line optimum' },
      { key: 'named', label: 'All named', cls: 'line named' },
      { key: 'concurrent', label: 'All concurrent', cls: 'line concurrent' },
    ];
    for (const s of series) {
      const coordinates = points
        .filter((p) => p[s.key] !== undefined && p[s.key] !== null)
        .map((p) => `${x(p.ratio_percent).toFixed(1)},${y(p[s.key]).toFixed(1)}`);
      if (coordinates.length) chart.append(svg('polyline', { points: coordinates.join(' '), class: s.cls }, svg('title', {}, s.label)));
    }
    if (breakEven.current_ratio_percent !== undefined) {
      const cx = x(Math.min(100, breakEven.current_ratio_percent)).toFixed(1);
      chart.append(
        svg('line', { x1: cx, x2: cx, y1: top, y2: height - bottom, class: 'marker' }),
        svg('text', { x: cx, y: top + 10, class: 'marker-label', 'text-anchor': Number(cx) > width - 80 ? 'end' : 'start', dx: Number(cx) > width - 80 ? -4 : 4 }, 'this deal')
      );
    }
    let sentence = '';
    if (breakEven.concurrent_stops_paying_at_percent !== undefined) {
      sentence = `Concurrent licenses stop paying at ${breakEven.concurrent_stops_paying_at_percent} % of agents signed in at once`;
    } else if (breakEven.verdict) {
      sentence = `Verdict: ${breakEven.verdict}`;
    }
    if (breakEven.current_ratio_percent !== undefined) {
      sentence += (sentence ? '; this deal is at ' : 'This deal is at ') + breakEven.current_ratio_percent + ' %.';
    }
    chart.setAttribute('aria-label', 'Monthly cost against the share of agents signed in at once, all named, all concurrent and the optimum. ' + sentence);
    container.append(
      chart,
      el('ul', { class: 'legend' }, series.map((s) => el('li', {}, el('span', { class: 'swatch ' + s.key, 'aria-hidden': 'true' }), s.label))),
      sentence ? el('p', { class: 'break-even-summary' }, sentence) : null
    );
  }

  // ---------------------------------------------------------------------------------------------
  // The deal editor: the calculator's form, on the calculator page and on a shared deal's page

  let uniqueNumber = 0;

  class DealEditor {
    constructor(root) {
      this.root = root;
      this.form = root.querySelector('.deal-form');
      this.catalogSelect = root.querySelector('#deal-catalog');
      this.termSelect = root.querySelector('#deal-term');
      this.groupsBox = root.querySelector('#groups');
      this.accountBox = root.querySelector('#account');
      this.problemsBox = root.querySelector('#problems');
      this.planBox = root.querySelector('#plan');
      this.progress = root.querySelector('#plan-progress');
      this.comparisonBox = root.querySelector('#comparison-chart');
      this.breakEvenBox = root.querySelector('#break-even-chart');
      this.fileStatus = root.querySelector('#file-status');
      this.saveResult = root.querySelector('#save-result');
      this.catalog = null;
      this.extras = {};
      this.dealId = root.dataset.dealId || null;
      this.secret = null;
      this.onSaved = null;
      this.planController = null;
      this.breakEvenController = null;
      this.planNumber = 0;
      this.schedulePlan = debounce(() => this.plan(), 350);
      this.scheduleBreakEven = debounce((deal, number) => this.breakEven(deal, number), 700);

      this.form.addEventListener('input', (event) => this.changed(event));
      this.form.addEventListener('change', (event) => this.changed(event));
      this.form.addEventListener('submit', (event) => {
        event.preventDefault();
        this.save();
      });
      this.catalogSelect.addEventListener('change', () => this.switchCatalog(this.catalogSelect.value));
      root.querySelector('#add-group').addEventListener('click', () => {
        const card = this.addGroup({ name: this.freshGroupName(), agents: 10, features: this.defaultFeatures() });
        card.querySelector('input[name="name"]').focus();
        this.schedulePlan();
      });
      root.querySelector('#export-json').addEventListener('click', () => this.exportJSON());
      root.querySelector('#import-file').addEventListener('change', (event) => this.importFile(event.target));
      for (const button of root.querySelectorAll('[data-report]')) {
        button.addEventListener('click', () => this.downloadReport(button.dataset.report, button));
      }
    }

    changed(event) {
      if (event && event.target === this.catalogSelect) return;
      if (event && event.target && event.target.id === 'import-file') return;
      if (event && event.target && event.target.name === 'name' && event.target.closest('.group')) {
        const card = event.target.closest('.group');
        this.labelGroup(card);
      }
      this.schedulePlan();
    }

    async start(deal) {
      if (deal) {
        await this.setDeal(deal);
      } else {
        await this.switchCatalog(this.catalogSelect.value, true);
        if (!this.groupsBox.children.length) {
          this.addGroup({ name: 'Agents', agents: 50, features: this.defaultFeatures() });
        }
        this.plan();
      }
    }

    defaultFeatures() {
      if (!this.catalog) return [];
      return this.catalog.features.some((f) => f.id === 'voice') ? ['voice'] : [];
    }

    freshGroupName() {
      const names = new Set(this.readGroups().map((g) => g.name));
      for (let i = this.groupsBox.children.length + 1; ; i++) {
        if (!names.has('Group ' + i)) return 'Group ' + i;
      }
    }

    async switchCatalog(id, quiet) {
      let catalog;
      try {
        catalog = await loadCatalog(id);
      } catch (problem) {
        this.showProblems(problem);
        return;
      }
      const deal = this.catalog ? this.readDeal() : null;
      this.catalog = catalog;
      this.fillTerms(deal ? deal.term : undefined);
      const groups = deal ? deal.groups : this.readGroups();
      clear(this.groupsBox);
      for (const group of groups) this.addGroup(group);
      this.fillAccount(deal ? deal.account : {});
      if (!quiet) this.schedulePlan();
    }

    fillTerms(selected) {
      clear(this.termSelect);
      for (const term of this.catalog.terms) {
        const months = term.months ? ` (${term.months} ${term.months === 1 ? 'month' : 'months'})` : '';
        this.termSelect.append(el('option', { value: term.id }, term.name + months));
      }
      const wanted = selected && this.catalog.terms.some((t) => t.id === selected) ? selected : this.catalog.defaultTerm;
      if (wanted) this.termSelect.value = wanted;
    }

    fillAccount(account) {
      clear(this.accountBox);
      account = account || {};
      const addOns = this.catalog.accountAddOns;
      if (!addOns.length) {
        this.accountBox.append(el('p', { class: 'placeholder' }, 'This catalog sells no account add-ons.'));
        return;
      }
      for (const addOn of addOns) {
        const id = `account-${addOn.id}`;
        if (addOn.basis === 'per-account') {
          const input = el('input', { type: 'checkbox', id, 'data-account': addOn.id, 'data-kind': 'per-account', 'data-field': 'account.' + addOn.id });
          input.checked = [true, 1, 'true', 'yes', 'on', '1'].includes(account[addOn.id]);
          this.accountBox.append(el('div', { class: 'field check' }, input, el('label', { for: id }, addOn.name)));
        } else {
          const storage = addOn.basis === 'storage';
          const key = storage ? 'storage_gb' : addOn.id;
          const unit = storage ? 'GB of recording storage needed in all' : (addOn.unit ? addOn.unit + 's' : 'units');
          const input = el('input', {
            type: 'number',
            min: 0,
            step: 1,
            inputmode: 'numeric',
            id: storage ? 'account-storage_gb' : id,
            'data-account': key,
            'data-kind': 'count',
            'data-field': 'account.' + key,
            'aria-describedby': (storage ? 'account-storage_gb' : id) + '-unit',
          });
          input.value = account[key] !== undefined && account[key] !== null ? account[key] : '';
          input.placeholder = '0';
          this.accountBox.append(
            el('div', { class: 'field' },
              el('label', { for: input.id }, storage ? 'Recording storage' : addOn.name),
              input,
              el('span', { class: 'unit', id: input.id + '-unit' }, storage && addOn.block_gb ? `${unit} (licenses include some; extra is sold in blocks of ${addOn.block_gb} GB)` : unit))
          );
        }
      }
    }

    addGroup(group) {
      const n = ++uniqueNumber;
      const card = el('fieldset', { class: 'group', 'data-group': n });
      card.extras = {};
      for (const [key, value] of Object.entries(group || {})) {
        if (!['name', 'agents', 'peak_concurrent', 'features', 'tier'].includes(key)) card.extras[key] = value;
      }
      const legend = el('legend', {});
      card.append(legend);
      const field = (label, input, hint) =>
        el('div', { class: 'field' }, el('label', { for: input.id }, label), input, hint ? el('span', { class: 'hint', id: input.id + '-hint' }, hint) : null);
      const name = el('input', { id: `group-${n}-name`, name: 'name', autocomplete: 'off', required: true });
      name.value = group.name ?? '';
      const agents = el('input', { id: `group-${n}-agents`, name: 'agents', type: 'number', min: 0, step: 1, inputmode: 'numeric', required: true });
      agents.value = group.agents ?? '';
      const peak = el('input', { id: `group-${n}-peak`, name: 'peak_concurrent', type: 'number', min: 0, step: 1, inputmode: 'numeric', 'aria-describedby': `group-${n}-peak-hint` });
      peak.value = group.peak_concurrent ?? '';
      peak.placeholder = 'all';
      const tier = el('select', { id: `group-${n}-tier`, name: 'tier' }, el('option', { value: '' }, 'Any tier (cheapest)'));
      for (const t of this.catalog ? this.catalog.tiers : []) tier.append(el('option', { value: t.id }, t.name));
      tier.value = group.tier && this.catalog && this.catalog.tiers.some((t) => t.id === group.tier) ? group.tier : '';
      card.append(
        el('div', { class: 'group-numbers' },
          field('Name', name),
          field('Agents', agents),
          field('Peak signed in at once', peak, 'empty: every agent'),
          field('Tier', tier))
      );
      const features = el('fieldset', { class: 'features' }, el('legend', {}, 'Features every agent needs'));
      const given = Array.isArray(group.features) ? group.features : group.features ? [group.features] : [];
      // The deal's own order of features (the plan lists add-ons in it), newly checked ones last.
      card.featureOrder = [...given];
      const wanted = new Set(given);
      const list = el('div', { class: 'feature-list' });
      for (const feature of this.catalog ? this.catalog.features : []) {
        const id = `group-${n}-feature-${feature.id}`;
        const box = el('input', { type: 'checkbox', id, value: feature.id, 'data-feature': feature.id });
        box.checked = wanted.has(feature.id);
        box.addEventListener('change', () => {
          if (box.checked && !card.featureOrder.includes(feature.id)) card.featureOrder.push(feature.id);
        });
        wanted.delete(feature.id);
        list.append(el('div', { class: 'check' }, box, el('label', { for: id }, feature.name)));
      }
      // Features the catalog does not know stay in the deal, so the server names them.
      card.unknownFeatures = [...wanted];
      features.append(list);
      card.append(features);
      const remove = el('button', { type: 'button', class: 'secondary remove-group' }, 'Remove group');
      remove.addEventListener('click', () => this.removeGroup(card));
      card.append(el('div', { class: 'buttons' }, remove));
      card.append(el('div', { class: 'group-errors' }));
      this.groupsBox.append(card);
      this.labelGroup(card);
      return card;
    }

    labelGroup(card) {
      const index = [...this.groupsBox.children].indexOf(card);
      const name = card.querySelector('input[name="name"]').value.trim();
      card.querySelector(':scope > legend').textContent = `Group ${index + 1}` + (name ? `: ${name}` : '');
      card.querySelector('.remove-group').setAttribute('aria-label', 'Remove group ' + (name || index + 1));
      card.dataset.index = index;
      card.querySelector('input[name="name"]').dataset.field = `groups[${index}].name`;
      card.querySelector('input[name="agents"]').dataset.field = `groups[${index}].agents`;
      card.querySelector('input[name="peak_concurrent"]').dataset.field = `groups[${index}].peak_concurrent`;
      card.querySelector('select[name="tier"]').dataset.field = `groups[${index}].tier`;
      card.querySelector('.features').dataset.field = `groups[${index}].features`;
      card.dataset.field = `groups[${index}]`;
    }

    removeGroup(card) {
      const cards = [...this.groupsBox.children];
      const index = cards.indexOf(card);
      card.remove();
      [...this.groupsBox.children].forEach((c) => this.labelGroup(c));
      const next = this.groupsBox.children[index] || this.groupsBox.children[index - 1];
      (next ? next.querySelector('input[name="name"]') : this.root.querySelector('#add-group')).focus();
      this.progress.textContent = 'Group removed.';
      this.schedulePlan();
    }

    readGroups() {
      return [...this.groupsBox.children].map((card) => {
        const group = {};
        group.name = card.querySelector('input[name="name"]').value;
        group.agents = numberOrText(card.querySelector('input[name="agents"]'));
        const peak = numberOrText(card.querySelector('input[name="peak_concurrent"]'));
        if (peak !== undefined) group.peak_concurrent = peak;
        const checked = new Set([...card.querySelectorAll('input[data-feature]')].filter((b) => b.checked).map((b) => b.value));
        for (const unknown of card.unknownFeatures || []) checked.add(unknown);
        group.features = card.featureOrder.filter((id) => checked.has(id));
        for (const id of checked) if (!group.features.includes(id)) group.features.push(id);
        const tier = card.querySelector('select[name="tier"]').value;
        if (tier) group.tier = tier;
        return Object.assign(group, card.extras);
      });
    }

    /** The deal in the CLI's format, as the API takes it and `seatmix optimize` reads it. */
    readDeal() {
      const deal = {};
      deal.name = this.root.querySelector('#deal-name').value;
      deal.catalog = this.catalogSelect.value;
      if (this.termSelect.value) deal.term = this.termSelect.value;
      deal.licensing = this.root.querySelector('#deal-licensing').value;
      const mixing = this.root.querySelector('#deal-mixing').value;
      if (mixing) deal.allow_mixing = mixing === 'true';
      deal.groups = this.readGroups();
      const account = Object.assign({}, this.extras.account || {});
      for (const input of this.accountBox.querySelectorAll('[data-account]')) {
        const key = input.dataset.account;
        delete account[key];
        if (input.dataset.kind === 'per-account') {
          if (input.checked) account[key] = true;
        } else {
          const value = numberOrText(input);
          if (value !== undefined && value !== 0) account[key] = value;
        }
      }
      if (Object.keys(account).length) deal.account = account;
      for (const [key, value] of Object.entries(this.extras)) {
        if (key !== 'account' && !(key in deal)) deal[key] = value;
      }
      return deal;
    }

    /** Fills the form from a deal (an imported file, or a saved revision). */
    async setDeal(deal) {
      const known = ['name', 'catalog', 'term', 'licensing', 'allow_mixing', 'groups', 'account', '$schema'];
      this.extras = {};
      for (const [key, value] of Object.entries(deal)) if (!known.includes(key)) this.extras[key] = value;
      const accountAddOnKeys = new Set();
      const catalogId = typeof deal.catalog === 'string' ? deal.catalog : this.catalogSelect.value;
      if (![...this.catalogSelect.options].some((o) => o.value === catalogId)) {
        this.fileStatus.textContent = `The deal names the catalog '${catalogId}', which this service does not have; it is shown against ${this.catalogSelect.selectedOptions[0] ? this.catalogSelect.selectedOptions[0].textContent : 'the first catalog'}.`;
      } else {
        this.catalogSelect.value = catalogId;
      }
      try {
        this.catalog = await loadCatalog(this.catalogSelect.value);
      } catch (problem) {
        this.showProblems(problem);
        return;
      }
      for (const a of this.catalog.accountAddOns) accountAddOnKeys.add(a.basis === 'storage' ? 'storage_gb' : a.id);
      this.root.querySelector('#deal-name').value = deal.name ?? '';
      this.fillTerms(deal.term);
      const licensing = String(deal.licensing || 'any').toLowerCase();
      this.root.querySelector('#deal-licensing').value = ['any', 'named', 'concurrent'].includes(licensing) ? licensing : 'any';
      const mixing = deal.allow_mixing;
      this.root.querySelector('#deal-mixing').value = mixing === undefined || mixing === null ? '' : String([true, 'true', 'yes', 'on', 1].includes(mixing));
      clear(this.groupsBox);
      for (const group of Array.isArray(deal.groups) ? deal.groups : []) this.addGroup(group);
      const account = deal.account && typeof deal.account === 'object' ? deal.account : {};
      const rest = {};
      for (const [key, value] of Object.entries(account)) if (!accountAddOnKeys.has(key)) rest[key] = value;
      if (Object.keys(rest).length) this.extras.account = rest;
      this.fillAccount(account);
      this.plan();
    }

    clearProblems() {
      this.problemsBox.hidden = true;
      clear(this.problemsBox);
      for (const node of this.root.querySelectorAll('.field-error')) node.remove();
      for (const node of this.root.querySelectorAll('[aria-invalid]')) {
        node.removeAttribute('aria-invalid');
        const described = (node.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && !id.startsWith('error-'));
        if (described.length) node.setAttribute('aria-describedby', described.join(' '));
        else node.removeAttribute('aria-describedby');
      }
    }

    /** Shows a problem's located errors next to their fields, the rest above the Save button. */
    showProblems(problem) {
      this.clearProblems();
      const general = [];
      const errors = problem && problem.errors && problem.errors.length ? problem.errors : null;
      if (!errors) {
        general.push(problemText(problem));
      } else {
        errors.forEach((error, index) => {
          const target = this.fieldFor(error.field || '');
          const text = (error.field ? error.field + ': ' : '') + error.message;
          if (!target) {
            general.push(text);
            return;
          }
          const id = `error-${++uniqueNumber}`;
          const note = el('p', { class: 'field-error', id }, error.message);
          const control = target.matches('input, select') ? target : null;
          if (control) {
            control.setAttribute('aria-invalid', 'true');
            control.setAttribute('aria-describedby', ((control.getAttribute('aria-describedby') || '') + ' ' + id).trim());
            control.closest('.field, .check').append(note);
          } else if (target.classList.contains('group')) {
            target.querySelector('.group-errors').append(note);
          } else {
            target.append(note);
          }
          if (index === 0 && control && document.activeElement === document.body) control.focus();
        });
      }
      if (general.length) {
        this.problemsBox.append(el('p', { class: 'problems-title' }, (problem && problem.title) || 'Problems'), el('ul', {}, general.map((g) => el('li', {}, g))));
        this.problemsBox.hidden = false;
      }
    }

    /** The form element a problem's field (`groups[0].features[4]`) is about, or its nearest container. */
    fieldFor(field) {
      let path = field;
      while (path) {
        const found = this.root.querySelector(`[data-field="${CSS.escape(path)}"]`);
        if (found) return found;
        const shorter = path.replace(/(\[[0-9]+\]|\.[^.[\]]+)$/, '');
        if (shorter === path) break;
        path = shorter;
      }
      return null;
    }

    async plan() {
      this.schedulePlan.cancel();
      if (!this.catalog) return;
      const deal = this.readDeal();
      const number = ++this.planNumber;
      if (this.planController) this.planController.abort();
      if (this.breakEvenController) this.breakEvenController.abort();
      this.scheduleBreakEven.cancel();
      if (!deal.groups.length) {
        clear(this.planBox);
        this.planBox.append(el('p', { class: 'placeholder' }, 'Add a group to see a plan.'));
        this.planBox.dataset.state = 'empty';
        clear(this.comparisonBox);
        clear(this.breakEvenBox);
        return;
      }
      const incomplete = this.incomplete(deal);
      if (incomplete) {
        // Half-typed: no request until the deal can be read, so typing makes no error answers.
        this.progress.textContent = incomplete;
        this.planBox.dataset.state = 'incomplete';
        return;
      }
      const controller = new AbortController();
      this.planController = controller;
      this.planBox.dataset.state = 'loading';
      this.planBox.setAttribute('aria-busy', 'true');
      this.progress.textContent = 'Planning…';
      let answer;
      try {
        answer = await api('POST', '/api/v1/plans', { json: deal, signal: controller.signal });
      } catch (error) {
        return; // aborted: a newer plan is on its way
      }
      if (number !== this.planNumber) return;
      this.planBox.removeAttribute('aria-busy');
      if (!answer.ok) {
        this.showProblems(answer.problem);
        this.planBox.dataset.state = 'problem';
        this.progress.textContent = answer.status === 503 ? 'The service is busy; the plan is retried shortly.' : 'The deal has problems: see the messages by the fields.';
        if (answer.status === 503) setTimeout(() => this.schedulePlan(), 1000);
        return;
      }
      this.clearProblems();
      const plan = answer.body;
      renderPlan(this.planBox, plan, this.catalog);
      renderComparison(this.comparisonBox, plan, this.catalog);
      this.planBox.dataset.state = 'ready';
      this.planBox.dataset.number = String(number);
      const total = plan.monthly_total !== undefined ? formatMoney(plan.monthly_total, this.catalog.currency) + ' a month' : statusSentence(plan);
      this.progress.textContent = 'Plan updated: ' + total + '.';
      this.lastPlan = plan;
      this.breakEvenBox.dataset.state = 'loading';
      this.scheduleBreakEven(deal, number);
    }

    /** What the deal still lacks before it can be planned (an empty name or headcount), or null. */
    incomplete(deal) {
      if (!String(deal.name).trim()) return 'Give the deal a name to see a plan.';
      const index = deal.groups.findIndex((g) => !String(g.name).trim() || g.agents === undefined);
      if (index >= 0) return `Give group ${index + 1} a name and a headcount to see a plan.`;
      return null;
    }

    async breakEven(deal, number) {
      if (number !== this.planNumber) return;
      const controller = new AbortController();
      this.breakEvenController = controller;
      clear(this.breakEvenBox);
      this.breakEvenBox.append(el('p', { class: 'placeholder' }, 'Finding the break-even…'));
      let answer;
      try {
        answer = await api('POST', '/api/v1/reports?format=json', { json: deal, signal: controller.signal });
      } catch (error) {
        return;
      }
      if (number !== this.planNumber) return;
      if (!answer.ok) {
        clear(this.breakEvenBox);
        this.breakEvenBox.append(el('p', { class: 'placeholder' }, 'No break-even: ' + problemText(answer.problem)));
        this.breakEvenBox.dataset.state = 'problem';
        return;
      }
      const report = answer.body && answer.body.report;
      renderBreakEven(this.breakEvenBox, report && report.break_even, this.catalog.currency);
      this.breakEvenBox.dataset.state = 'ready';
    }

    exportJSON() {
      const deal = this.readDeal();
      const text = JSON.stringify(deal, null, 2) + '\n';
      download(new Blob([text], { type: 'application/json' }), slug(deal.name) + '.json');
      this.fileStatus.textContent = `Exported ${slug(deal.name)}.json: give it to seatmix optimize, or import it here again.`;
    }

    /**
     * Reads a deal file into the form. The server reads it (POST /api/v1/deals/parse), with the
     * CLI's own reader and rules, and answers the deal as JSON or every problem with its line and
     * field, told here with the file's name.
     */
    async importFile(input) {
      const file = input.files && input.files[0];
      if (!file) return;
      const text = await file.text();
      const type = /\.json$/i.test(file.name) ? 'application/json' : 'application/yaml';
      this.fileStatus.textContent = `Reading ${file.name}…`;
      const answer = await api('POST', '/api/v1/deals/parse?name=' + encodeURIComponent(file.name), { body: text, headers: { 'Content-Type': type } });
      if (!answer.ok) {
        const problem = answer.problem || {};
        const located = (problem.errors || []).map((e) => locatedText(e)).join('; ');
        this.fileStatus.textContent = `${file.name} cannot be imported: ${located || problemText(problem)}`;
        this.fileStatus.dataset.state = 'problem';
        input.value = '';
        return;
      }
      await this.setDeal(answer.body);
      this.fileStatus.textContent = `Imported ${file.name}.`;
      this.fileStatus.dataset.state = 'imported';
      input.value = '';
    }

    async downloadReport(format, button) {
      const deal = this.readDeal();
      const names = { html: 'report.html', markdown: 'report.md', csv: 'plan.csv', json: 'plan.json', pdf: 'report.pdf' };
      this.fileStatus.textContent = `Making the ${button.textContent} report…`;
      button.disabled = true;
      const answer = await api('POST', '/api/v1/reports?format=' + encodeURIComponent(format), { json: deal, as: 'blob', headers: { Accept: '*/*' } });
      button.disabled = false;
      if (!answer.ok) {
        this.fileStatus.textContent = `No ${button.textContent} report: ${problemText(answer.problem)}`;
        if (answer.problem && answer.problem.errors) this.showProblems(answer.problem);
        return;
      }
      const filename = slug(deal.name) + '-' + names[format];
      download(answer.body, filename);
      this.fileStatus.textContent = `Downloaded ${filename}.`;
    }

    async save() {
      const deal = this.readDeal();
      const button = this.root.querySelector('#save-deal');
      button.disabled = true;
      clear(this.saveResult);
      this.saveResult.append(el('p', {}, 'Saving…'));
      let answer;
      if (this.dealId && this.secret) {
        answer = await api('PUT', '/api/v1/deals/' + encodeURIComponent(this.dealId), { json: deal, headers: { Authorization: 'Bearer ' + this.secret } });
      } else {
        answer = await api('POST', '/api/v1/deals', { json: deal });
      }
      button.disabled = false;
      clear(this.saveResult);
      if (!answer.ok) {
        const text = answer.status === 401 || answer.status === 403 ? 'The secret does not match this deal: nothing was saved.' : 'Not saved: ' + problemText(answer.problem);
        this.saveResult.append(el('p', { class: 'error' }, text));
        if (answer.problem && answer.problem.errors) this.showProblems(answer.problem);
        return;
      }
      const saved = answer.body || {};
      if (saved.id) this.dealId = saved.id;
      if (saved.secret) this.secret = saved.secret;
      this.showSaved(saved);
      if (this.onSaved) this.onSaved(saved);
    }

    showSaved(saved) {
      const id = this.dealId;
      const link = new URL(saved.share_url || '/d/' + encodeURIComponent(id), window.location.href).href;
      this.saveResult.append(el('p', { class: 'saved', id: 'saved-revision' }, `Saved revision ${saved.revision ?? ''}.`));
      if (this.root.dataset.dealId) return; // the share page shows its own history
      const shareInput = el('input', { id: 'share-url', readonly: true, value: link, 'aria-describedby': 'share-url-hint' });
      const copyShare = el('button', { type: 'button', class: 'secondary' }, 'Copy link');
      copyShare.addEventListener('click', async () => {
        copyShare.textContent = (await copyText(link, shareInput)) ? 'Copied' : 'Select and copy';
      });
      this.saveResult.append(
        el('div', { class: 'field share' },
          el('label', { for: 'share-url' }, 'Share link (read-only)'),
          el('div', { class: 'copy-row' }, shareInput, copyShare),
          el('span', { class: 'hint', id: 'share-url-hint' }, 'Whoever has the link sees the plan with the prices quoted today. '),
          el('a', { href: link, id: 'share-link' }, 'Open the shared deal'))
      );
      if (this.secret) {
        const secretInput = el('input', { id: 'secret-value', readonly: true, value: this.secret, 'aria-describedby': 'secret-hint', spellcheck: 'false' });
        const copySecret = el('button', { type: 'button', class: 'secondary' }, 'Copy secret');
        copySecret.addEventListener('click', async () => {
          copySecret.textContent = (await copyText(this.secret, secretInput)) ? 'Copied' : 'Select and copy';
        });
        this.saveResult.append(
          el('div', { class: 'field secret' },
            el('label', { for: 'secret-value' }, 'Edit secret'),
            el('div', { class: 'copy-row' }, secretInput, copySecret),
            el('span', { class: 'hint', id: 'secret-hint' }, 'Keep it: it is shown only now, and whoever has it can edit or delete the deal. Saving again here adds a revision.'))
        );
      }
      this.root.querySelector('#save-deal').textContent = 'Save as a new revision';
    }
  }

  function numberOrText(input) {
    const raw = input.value.trim();
    if (raw === '') {
      // a number field holding text the browser cannot read as a number
      return input.validity && input.validity.badInput ? 'not a number' : undefined;
    }
    return /^[0-9]+$/.test(raw) ? Number(raw) : raw;
  }

  // ---------------------------------------------------------------------------------------------
  // Pages

  async function calculatorPage() {
    const root = document.querySelector('[data-deal-editor]');
    if (!root) return;
    const editor = new DealEditor(root);
    await editor.start();
  }

  async function sharedDealPage() {
    const page = document.querySelector('.shared-deal');
    if (!page) return;
    const id = page.dataset.dealId;
    const unlock = document.getElementById('unlock-form');
    const status = document.getElementById('unlock-status');
    const editorBox = document.getElementById('deal-editor');
    let editor = null;
    unlock.addEventListener('submit', async (event) => {
      event.preventDefault();
      const secret = document.getElementById('deal-secret').value.trim();
      if (!secret) {
        status.textContent = 'Give the secret that was shown when the deal was saved.';
        return;
      }
      const answer = await api('GET', '/api/v1/deals/' + encodeURIComponent(id));
      if (!answer.ok) {
        status.textContent = 'The deal cannot be read: ' + problemText(answer.problem);
        return;
      }
      if (!editor) {
        editor = new DealEditor(editorBox.querySelector('[data-deal-editor]'));
        editor.onSaved = () => refresh(id);
      }
      editor.dealId = id;
      editor.secret = secret;
      editorBox.hidden = false;
      await editor.setDeal(answer.body.latest.deal);
      status.textContent = 'Editing: Save adds a revision (the secret is checked then).';
      editorBox.querySelector('#deal-name').focus();
    });
    document.getElementById('delete-deal').addEventListener('click', async () => {
      if (!editor || !editor.secret) return;
      if (!window.confirm('Delete this deal and all its revisions? The link stops working.')) return;
      const answer = await api('DELETE', '/api/v1/deals/' + encodeURIComponent(id), { headers: { Authorization: 'Bearer ' + editor.secret } });
      if (!answer.ok) {
        status.textContent = answer.status === 401 || answer.status === 403 ? 'The secret does not match this deal: nothing was deleted.' : 'Not deleted: ' + problemText(answer.problem);
        return;
      }
      const main = document.getElementById('main');
      clear(main);
      main.append(el('h1', {}, 'Deal deleted'), el('p', {}, 'The deal and its revisions are gone; its link no longer works.'), el('p', {}, el('a', { href: '/' }, 'Open the calculator')));
      main.focus();
    });
  }

  /** After a new revision: the page's history, title and plan from GET /api/v1/deals/{id}. */
  async function refresh(id) {
    const answer = await api('GET', '/api/v1/deals/' + encodeURIComponent(id));
    if (!answer.ok) return;
    const deal = answer.body;
    const latest = deal.latest;
    const list = document.getElementById('revision-list');
    clear(list);
    for (const revision of deal.revisions) {
      const link = el('a', { href: `/d/${encodeURIComponent(id)}?revision=${revision.revision}` }, `Revision ${revision.revision}`);
      if (revision.revision === latest.revision) link.setAttribute('aria-current', 'page');
      list.append(el('li', { 'data-revision': revision.revision }, link, ', ', el('time', { datetime: revision.created_at }, displayTime(revision.created_at))));
    }
    document.getElementById('deal-title').textContent = latest.deal.name;
    document.title = latest.deal.name + ' · SeatMix';
    const created = (deal.revisions.find((r) => r.revision === latest.revision) || {}).created_at || '';
    const catalog = latest.catalog || {};
    const line = document.getElementById('revision-line');
    clear(line);
    line.append(
      `Revision ${latest.revision} of ${latest.revision}, saved `,
      el('time', { datetime: created }, displayTime(created)),
      `. Priced against ${catalog.name || catalog.id} (${catalog.id}, effective ${catalog.effective_date}) as it was then.`
    );
    const note = document.getElementById('catalog-changed');
    if (note) note.hidden = !latest.catalog_changed;
    const frozenCatalog = latest.catalog ? normalizeCatalog(latest.catalog) : null;
    renderPlan(document.getElementById('frozen-plan'), latest.plan, frozenCatalog, { singles: true });
    const comparison = document.getElementById('frozen-comparison');
    if (comparison) renderComparison(comparison, latest.plan, frozenCatalog);
    document.querySelector('.shared-deal').dataset.revision = latest.revision;
    history.replaceState(null, '', '/d/' + encodeURIComponent(id));
  }

  async function batchPage() {
    const form = document.getElementById('batch-form');
    if (!form) return;
    const fileInput = document.getElementById('batch-file');
    const problems = document.getElementById('batch-problems');
    const job = document.getElementById('batch-job');
    const progress = document.getElementById('batch-progress');
    const status = document.getElementById('batch-status');
    const downloads = document.getElementById('batch-downloads');
    const submit = document.getElementById('batch-submit');
    const messages = document.getElementById('batch-messages');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const file = fileInput.files && fileInput.files[0];
      clear(problems);
      problems.hidden = true;
      if (!file) {
        problems.append(el('p', {}, 'Choose a CSV file of scenarios first.'));
        problems.hidden = false;
        fileInput.focus();
        return;
      }
      submit.disabled = true;
      downloads.hidden = true;
      showBatchMessages(messages, '');
      job.hidden = false;
      progress.value = 0;
      progress.max = 1;
      status.textContent = `Uploading ${file.name}…`;
      // The file's name, so the batch's messages say it (`scenarios.csv:17: error: …`).
      const answer = await api('POST', '/api/v1/batches?name=' + encodeURIComponent(file.name), { body: await file.text(), headers: { 'Content-Type': 'text/csv' } });
      if (!answer.ok) {
        submit.disabled = false;
        job.hidden = true;
        showBatchProblem(problems, answer.problem);
        return;
      }
      const id = answer.body.id;
      const base = '/api/v1/batches/' + encodeURIComponent(id);
      for (;;) {
        const state = await api('GET', base);
        if (!state.ok) {
          submit.disabled = false;
          showBatchProblem(problems, state.problem);
          return;
        }
        const { done = 0, total = 0 } = state.body;
        progress.max = Math.max(total, 1);
        progress.value = Math.min(done, progress.max);
        progress.textContent = total ? Math.round((100 * done) / total) + ' %' : '';
        const word = String(state.body.state || '');
        if (['done', 'finished', 'completed', 'succeeded'].includes(word)) {
          status.textContent = `Done: ${done} of ${total} scenarios solved.`;
          showBatchMessages(messages, state.body.message);
          document.getElementById('batch-results').href = base + '/results.csv';
          document.getElementById('batch-lines').href = base + '/lines.csv';
          downloads.hidden = false;
          submit.disabled = false;
          document.getElementById('batch-results').focus();
          return;
        }
        if (['failed', 'error', 'cancelled'].includes(word)) {
          status.textContent = 'The batch stopped.';
          showBatchProblem(problems, { title: 'The batch failed', detail: state.body.message || '' });
          submit.disabled = false;
          return;
        }
        status.textContent = `${word || 'running'}: ${done} of ${total} scenarios`;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    });
  }

  /** The batch's notes on its rows (one a line: errors told in the results, infeasible scenarios). */
  function showBatchMessages(list, message) {
    clear(list);
    const lines = String(message || '').split('\n').filter((line) => line.trim());
    for (const line of lines) list.append(el('li', {}, line));
    list.hidden = !lines.length;
  }

  function showBatchProblem(box, problem) {
    clear(box);
    box.append(el('p', { class: 'problems-title' }, problemText(problem)));
    if (problem && problem.errors && problem.errors.length) {
      box.append(
        el('ul', {}, problem.errors.map((e) => el('li', {}, locatedText(e))))
      );
    }
    box.hidden = false;
  }

  // Exposed for tests in Node (scripts/check-browser-e2e exercises the rest in Chromium).
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = { formatMoney, locatedText, slug };
    return;
  }

  document.addEventListener('DOMContentLoaded', () => {
    switch (document.body.dataset.page) {
      case 'calculator':
        calculatorPage();
        break;
      case 'shared':
        sharedDealPage();
        break;
      case 'batch':
        batchPage();
        break;
      default:
        break;
    }
  });
})();
