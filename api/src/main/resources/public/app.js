'use strict';
/* VantagePoint dashboard: plain DOM + hand-drawn SVG, no build step, no third-party code.
   All data is inserted with textContent (never innerHTML), so transcript text cannot inject markup. */
(() => {
  // The health model (tiers, thresholds, maximum points) comes from GET /api/model, never from here.
  let MODEL = null;
  let TIERS = [];
  let TIER_LABEL = {};
  const COLUMNS = [
    { key: 'account_id', label: 'Account' },
    { key: 'industry', label: 'Industry' },
    { key: 'tier', label: 'Plan' },
    { key: 'annual_revenue', label: 'Revenue', num: true, fmt: money },
    { key: 'total_sessions', label: 'Sessions', num: true, fmt: int },
    { key: 'features_adopted', label: 'Features', num: true, fmt: v => v == null ? '–' : v + '/' + fullAt('features') },
    { key: 'error_rate', label: 'Error rate', num: true, fmt: pct },
    { key: 'days_since_last_active', label: 'Days inactive', num: true, fmt: int },
    { key: 'avg_sentiment', label: 'Sentiment', num: true, fmt: sentiment },
    { key: 'support_ticket_count', label: 'Tickets', num: true, fmt: int },
    { key: 'top_complaint_category', label: 'Top complaint', fmt: words },
    { key: 'health_score', label: 'Score', num: true, render: scoreCell },
    { key: 'risk_tier', label: 'Risk', render: tierPill }
  ];
  const state = {
    token: sessionStorage.getItem('vp.token'), user: null, roles: [],
    sort: 'health_score', order: 'asc', limit: 50, offset: 0, tier: '', industry: '', q: '',
    open: null, total: 0, auth: { mode: 'local' }, industriesLoaded: false
  };
  const $ = (id) => document.getElementById(id);

  // ---------- small helpers ----------
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v === true ? '' : v);
    }
    for (const k of kids.flat()) if (k != null) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
    return e;
  }
  function svg(tag, attrs, ...kids) {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v != null) { if (k === 'text') e.textContent = v; else e.setAttribute(k, v); }
    for (const k of kids.flat()) if (k) e.append(k);
    return e;
  }
  function int(v) { return v == null ? '–' : Math.round(v).toLocaleString('en-GB'); }
  function money(v) { return v == null ? '–' : '£' + Math.round(v).toLocaleString('en-GB'); }
  function pct(v) { return v == null ? '–' : (v * 100).toFixed(1) + '%'; }
  function sentiment(v) { return v == null ? '–' : (v > 0 ? '+' : '') + Number(v).toFixed(2); }
  function words(v) { return v == null ? '–' : String(v).replace(/_/g, ' '); }
  function fixed1(v) { return v == null ? '–' : Number(v).toFixed(1); }
  function tierPill(a) { return el('span', { class: 'pill ' + a.risk_tier, text: TIER_LABEL[a.risk_tier] || a.risk_tier }); }
  function scoreCell(a) {
    const bar = el('i', { class: a.risk_tier });
    bar.style.width = Math.max(0, Math.min(100, a.health_score || 0)) + '%';
    return el('span', { class: 'score' }, el('strong', { text: fixed1(a.health_score) }), el('span', { class: 'score-bar' }, bar));
  }
  function decodeJwt(t) {
    try { return JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))); } catch (e) { return {}; }
  }
  function isAnalyst() { return state.roles.includes('analyst'); }

  async function api(path, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    if (state.token) opts.headers.Authorization = 'Bearer ' + state.token;
    if (opts.body) opts.headers['Content-Type'] = 'application/json';
    const res = await fetch(path, opts);
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (res.status === 401 && path !== '/api/login') { logout('Your session has expired. Please sign in again.'); throw new Error('unauthorized'); }
    if (!res.ok) throw new Error((body && (body.detail || body.error)) || ('HTTP ' + res.status));
    return body;
  }
  function showError(msg) { const b = $('app-error'); b.textContent = msg; b.hidden = !msg; }

  // ---------- auth ----------
  function setToken(token) {
    state.token = token;
    sessionStorage.setItem('vp.token', token);
    const claims = decodeJwt(token);
    state.user = claims.username || claims['cognito:username'] || claims.sub || '';
    state.roles = claims.roles || claims['cognito:groups'] || [];
  }
  function logout(message) {
    state.token = null;
    sessionStorage.removeItem('vp.token');
    $('app-view').hidden = true; $('backtest-view').hidden = true; $('nav').hidden = true;
    $('user-box').hidden = true; $('run-info').hidden = true;
    $('login-view').hidden = false;
    $('login-error').textContent = message || '';
  }
  async function login(ev) {
    ev.preventDefault();
    $('login-error').textContent = '';
    $('login-submit').disabled = true;
    try {
      const r = await api('/api/login', { method: 'POST', body: JSON.stringify({ username: $('username').value.trim(), password: $('password').value }) });
      $('password').value = '';
      setToken(r.token);
      showApp();
    } catch (e) {
      $('login-error').textContent = e.message;
    } finally {
      $('login-submit').disabled = false;
    }
  }
  function b64url(bytes) { return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''); }
  async function ssoStart() {
    const verifier = b64url(crypto.getRandomValues(new Uint8Array(48)));
    const st = b64url(crypto.getRandomValues(new Uint8Array(16)));
    sessionStorage.setItem('vp.pkce', JSON.stringify({ verifier, state: st }));
    const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const p = new URLSearchParams({ response_type: 'code', client_id: state.auth.client_id, redirect_uri: location.origin + '/',
      scope: 'openid email profile', code_challenge: challenge, code_challenge_method: 'S256', state: st });
    location.assign('https://' + state.auth.domain.replace(/^https?:\/\//, '') + '/oauth2/authorize?' + p);
  }
  async function ssoFinish(code, returnedState) {
    const saved = JSON.parse(sessionStorage.getItem('vp.pkce') || '{}');
    sessionStorage.removeItem('vp.pkce');
    history.replaceState(null, '', '/');
    if (!saved.verifier || saved.state !== returnedState) throw new Error('Sign-in failed: state mismatch');
    const res = await fetch('https://' + state.auth.domain.replace(/^https?:\/\//, '') + '/oauth2/token', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: state.auth.client_id, code,
        redirect_uri: location.origin + '/', code_verifier: saved.verifier })
    });
    if (!res.ok) throw new Error('Sign-in failed (' + res.status + ')');
    const tokens = await res.json();
    setToken(tokens.access_token);
  }

  // ---------- app ----------
  async function showApp() {
    $('login-view').hidden = true;
    $('app-view').hidden = false;
    $('nav').hidden = false;
    $('user-box').hidden = false;
    $('user-name').textContent = state.user + (isAnalyst() ? ' · analyst' : ' · viewer');
    $('ask-panel').hidden = !isAnalyst();
    try {
      await loadModel();
    } catch (e) {
      if (e.message !== 'unauthorized') showError(e.message);
      return;
    }
    buildHead();
    route();
    load();
    loadMovers();
  }

  // ---------- pages: the portfolio and the backtest ----------
  function route() {
    if (!state.token || !MODEL) return;
    const backtest = location.hash === '#backtest';
    $('app-view').hidden = backtest;
    $('backtest-view').hidden = !backtest;
    $('nav-portfolio').classList.toggle('active', !backtest);
    $('nav-backtest').classList.toggle('active', backtest);
    if (backtest) loadBacktest();
  }

  // ---------- the health model ----------
  async function loadModel() {
    MODEL = await api('/api/model');
    TIERS = MODEL.tiers.map(t => t.tier);
    TIER_LABEL = Object.fromEntries(MODEL.tiers.map(t => [t.tier, t.label]));
    const cards = $('summary-cards');
    cards.querySelectorAll('.card.stat[data-tier]:not([data-tier=""])').forEach(c => c.remove());
    for (const t of TIERS) {
      const card = el('button', { type: 'button', class: 'card stat tier-' + t, 'data-tier': t },
        el('span', { class: 'stat-label', text: TIER_LABEL[t] }), el('span', { class: 'stat-value', id: 'count-' + t, text: '–' }),
        el('span', { class: 'stat-share', id: 'share-' + t }));
      card.addEventListener('click', () => filterTier(t));
      cards.append(card);
    }
    const filter = $('tier-filter');
    filter.querySelectorAll('option:not([value=""])').forEach(o => o.remove());
    for (const t of TIERS) filter.append(el('option', { value: t, text: TIER_LABEL[t] }));
    filter.value = state.tier;
  }
  /** Minimum scores of the scored tiers, highest first (e.g. healthy, then at risk). */
  function thresholds() { return MODEL.tiers.filter(t => t.min_score != null).map(t => t.min_score); }
  function fullAt(signal) { const s = MODEL && MODEL.signals.find(x => x.signal === signal); return s && s.full_at != null ? s.full_at : '–'; }
  function filterTier(t) { state.tier = t; $('tier-filter').value = t; state.offset = 0; load(); }

  function query() {
    const p = new URLSearchParams({ sort: state.sort, order: state.order, limit: state.limit, offset: state.offset });
    if (state.tier) p.set('risk_tier', state.tier);
    if (state.industry) p.set('industry', state.industry);
    if (state.q) p.set('q', state.q);
    return '/api/dashboard?' + p;
  }

  let loadSeq = 0;
  async function load() {
    const seq = ++loadSeq;
    try {
      const d = await api(query());
      if (seq !== loadSeq) return;
      showError('');
      renderSummary(d.summary);
      renderRows(d.page);
    } catch (e) {
      if (e.message !== 'unauthorized') showError(e.message);
    }
  }

  function renderSummary(s) {
    $('run-info').hidden = false;
    $('as-of').textContent = s.as_of_date || '–';
    $('run-id').textContent = s.run_id || '';
    $('count-total').textContent = int(s.total);
    for (const t of TIERS) {
      $('count-' + t).textContent = int(s.counts[t]);
      $('share-' + t).textContent = s.total ? (100 * s.counts[t] / s.total).toFixed(1) + '% of accounts' : '';
    }
    for (const c of document.querySelectorAll('.card.stat')) c.classList.toggle('active', c.dataset.tier === state.tier);
    const banner = $('stale-banner');
    banner.hidden = !s.stale;
    if (s.stale) {
      banner.textContent = 'Stale data: this view is as of ' + s.as_of_date + ' (about ' + Math.round(s.data_age_hours) +
        ' hours old, limit ' + s.stale_after_hours + ' h). The latest pipeline run may have failed or not run yet.';
    }
    if (!state.industriesLoaded) {
      const sel = $('industry-filter');
      for (const i of s.industries) sel.append(el('option', { value: i, text: i }));
      state.industriesLoaded = true;
    }
    drawTiers(s);
    drawHistogram(s.histogram);
    drawTrend(s.trend);
  }

  // ---------- charts (hand-drawn SVG) ----------
  function drawTiers(s) {
    const W = 300, H = 170, cx = 85, cy = 85, r = 70, inner = 44;
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Accounts per risk tier' });
    let a0 = -Math.PI / 2;
    const total = s.total || 1;
    for (const t of TIERS) {
      const frac = (s.counts[t] || 0) / total;
      if (frac <= 0) continue;
      const a1 = a0 + frac * 2 * Math.PI - (frac >= 1 ? 0.0001 : 0);
      const large = a1 - a0 > Math.PI ? 1 : 0;
      const p = (ang, rad) => `${(cx + rad * Math.cos(ang)).toFixed(2)} ${(cy + rad * Math.sin(ang)).toFixed(2)}`;
      root.append(svg('path', { class: 'fill-' + t, d: `M ${p(a0, r)} A ${r} ${r} 0 ${large} 1 ${p(a1, r)} L ${p(a1, inner)} A ${inner} ${inner} 0 ${large} 0 ${p(a0, inner)} Z` },
        svg('title', { text: `${TIER_LABEL[t]}: ${s.counts[t]}` })));
      a0 = a1;
    }
    root.append(svg('text', { x: cx, y: cy - 2, 'text-anchor': 'middle', class: 'value-label', 'font-size': '18', text: int(s.total) }));
    root.append(svg('text', { x: cx, y: cy + 14, 'text-anchor': 'middle', text: 'accounts' }));
    TIERS.forEach((t, i) => {
      const y = 38 + i * 30;
      root.append(svg('rect', { x: 175, y: y - 9, width: 11, height: 11, rx: 2, class: 'fill-' + t }));
      root.append(svg('text', { x: 192, y, text: TIER_LABEL[t] }));
      root.append(svg('text', { x: 292, y, 'text-anchor': 'end', class: 'value-label', text: `${s.counts[t]} (${(100 * (s.counts[t] || 0) / total).toFixed(0)}%)` }));
    });
    $('chart-tiers').replaceChildren(root);
  }

  function drawHistogram(bins) {
    const W = 360, H = 170, L = 30, B = 22, T = 12, R = 6;
    const max = Math.max(1, ...bins.map(b => b.count));
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Accounts per 10-point health score band' });
    const bw = (W - L - R) / bins.length;
    for (let g = 0; g <= 2; g++) {
      const v = Math.round(max * g / 2), y = H - B - (H - B - T) * g / 2;
      root.append(svg('line', { x1: L, x2: W - R, y1: y, y2: y, class: 'axis' }));
      root.append(svg('text', { x: L - 4, y: y + 4, 'text-anchor': 'end', text: v }));
    }
    bins.forEach((b, i) => {
      const h = (H - B - T) * b.count / max, x = L + i * bw + 2, y = H - B - h;
      const top = thresholds()[0], floor = thresholds()[thresholds().length - 1];
      const cls = b.from >= top ? 'bar-high' : b.from >= floor ? 'bar-mid' : b.to <= floor ? 'bar-low' : 'bar-mid';
      root.append(svg('rect', { x, y, width: bw - 4, height: Math.max(0, h), rx: 2, class: cls }, svg('title', { text: `${b.from}–${b.to}: ${b.count} accounts` })));
      if (b.count > 0) root.append(svg('text', { x: x + (bw - 4) / 2, y: y - 3, 'text-anchor': 'middle', class: 'value-label', text: b.count }));
      root.append(svg('text', { x: L + i * bw + bw / 2, y: H - 7, 'text-anchor': 'middle', text: b.from }));
    });
    $('chart-histogram').replaceChildren(root);
  }

  function drawTrend(trend) {
    const box = $('chart-trend');
    if (!trend || trend.length === 0) { box.replaceChildren(el('p', { class: 'muted', text: 'No history published yet.' })); return; }
    const W = 360, H = 170, L = 30, B = 22, T = 12, R = 10;
    const max = Math.max(1, ...trend.flatMap(p => TIERS.map(t => p.counts[t] || 0)));
    const x = i => trend.length === 1 ? (L + W - R) / 2 : L + (W - L - R) * i / (trend.length - 1);
    const y = v => H - B - (H - B - T) * v / max;
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Accounts per risk tier over the history' });
    for (let g = 0; g <= 2; g++) {
      const v = Math.round(max * g / 2);
      root.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'axis' }));
      root.append(svg('text', { x: L - 4, y: y(v) + 4, 'text-anchor': 'end', text: v }));
    }
    const step = Math.max(1, Math.ceil(trend.length / 6));
    trend.forEach((p, i) => {
      if (i % step !== 0 && i !== trend.length - 1) return;
      const anchor = trend.length > 1 && i === trend.length - 1 ? 'end' : i === 0 && trend.length > 1 ? 'start' : 'middle';
      root.append(svg('text', { x: x(i), y: H - 7, 'text-anchor': anchor, text: p.as_of_date.slice(5) }));
    });
    for (const t of TIERS) {
      const pts = trend.map((p, i) => `${x(i).toFixed(1)},${y(p.counts[t] || 0).toFixed(1)}`).join(' ');
      root.append(svg('polyline', { points: pts, class: 'trend-line stroke-' + t }));
      trend.forEach((p, i) => root.append(svg('circle', { cx: x(i), cy: y(p.counts[t] || 0), r: 2.6, class: 'fill-' + t }, svg('title', { text: `${p.as_of_date} ${TIER_LABEL[t]}: ${p.counts[t] || 0}` }))));
    }
    const legend = el('div', { class: 'legend' }, TIERS.map(t => el('span', { class: t, text: TIER_LABEL[t] })));
    box.replaceChildren(root, legend);
  }

  // ---------- table ----------
  function buildHead() {
    const row = $('accounts-head');
    row.replaceChildren(...COLUMNS.map(c => {
      const th = el('th', { 'data-col': c.key, class: c.num ? 'num' : '', scope: 'col', tabindex: '0', text: c.label, title: 'Sort by ' + c.label });
      const go = () => {
        if (state.sort === c.key) state.order = state.order === 'asc' ? 'desc' : 'asc';
        else { state.sort = c.key; state.order = c.num && c.key !== 'health_score' && c.key !== 'days_since_last_active' && c.key !== 'error_rate' ? 'desc' : 'asc'; }
        state.offset = 0; state.open = null; markSorted(); load();
      };
      th.addEventListener('click', go);
      th.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
      return th;
    }));
    markSorted();
  }
  function markSorted() {
    for (const th of document.querySelectorAll('#accounts-head th')) {
      const on = th.dataset.col === state.sort;
      th.classList.toggle('sorted', on);
      th.classList.toggle('asc', on && state.order === 'asc');
      th.classList.toggle('desc', on && state.order === 'desc');
      th.setAttribute('aria-sort', on ? (state.order === 'asc' ? 'ascending' : 'descending') : 'none');
    }
  }

  function renderRows(page) {
    state.total = page.total_matching;
    const body = $('accounts-body');
    const rows = [];
    if (page.accounts.length === 0) rows.push(el('tr', {}, el('td', { colspan: COLUMNS.length, class: 'empty', text: 'No accounts match these filters.' })));
    for (const a of page.accounts) {
      const tr = el('tr', { class: 'account-row', 'data-id': a.account_id, tabindex: '0', 'aria-expanded': 'false' },
        COLUMNS.map(c => el('td', { class: c.num ? 'num' : '' }, c.render ? c.render(a) : (c.fmt ? c.fmt(a[c.key]) : (a[c.key] ?? '–')))));
      const toggle = () => toggleDetail(tr, a);
      tr.addEventListener('click', toggle);
      tr.addEventListener('keydown', e => { if (e.key === 'Enter') toggle(); });
      rows.push(tr);
    }
    body.replaceChildren(...rows);
    const from = page.total_matching === 0 ? 0 : page.offset + 1, to = page.offset + page.accounts.length;
    $('page-info').textContent = `${from}–${to} of ${int(page.total_matching)}`;
    $('match-count').textContent = `${int(page.total_matching)} matching account${page.total_matching === 1 ? '' : 's'}`;
    $('prev-page').disabled = page.offset === 0;
    $('next-page').disabled = to >= page.total_matching;
  }

  async function toggleDetail(tr, a) {
    const next = tr.nextElementSibling;
    if (next && next.classList.contains('detail-row')) {
      next.remove(); tr.classList.remove('open'); tr.setAttribute('aria-expanded', 'false'); return;
    }
    tr.classList.add('open'); tr.setAttribute('aria-expanded', 'true');
    const cell = el('td', { colspan: COLUMNS.length }, el('p', { class: 'muted', text: 'Loading ' + a.account_id + '…' }));
    const detailRow = el('tr', { class: 'detail-row', 'data-for': a.account_id }, cell);
    tr.after(detailRow);
    await fillDetail(cell, a.account_id);
  }

  /** Loads one account (and its transcripts, for analysts) into the drill-down element {@code box}. */
  async function fillDetail(box, accountId) {
    try {
      const id = encodeURIComponent(accountId);
      const [d, t] = await Promise.all([api('/api/accounts/' + id), isAnalyst() ? api('/api/accounts/' + id + '/transcripts') : Promise.resolve(null)]);
      box.replaceChildren(renderDetail(d, t));
    } catch (e) {
      box.replaceChildren(el('p', { class: 'error', text: e.message }));
    }
  }

  // ---------- movers: the week's biggest drops, each with its reason ----------
  async function loadMovers() {
    const list = $('movers-list'), note = $('movers-note');
    try {
      const m = await api('/api/movers?window=7d&direction=down');
      $('movers-span').textContent = m.movers.length ? `${m.movers[0].as_of_date_before} → ${m.as_of_date}` : '';
      note.hidden = !m.note;
      note.textContent = m.note || '';
      list.replaceChildren(...m.movers.map(moverItem));
    } catch (e) {
      if (e.message !== 'unauthorized') { note.hidden = false; note.textContent = e.message; }
    }
  }
  function moverItem(m) {
    const head = el('div', { class: 'mover-head', tabindex: '0', role: 'button', 'aria-expanded': 'false' },
      el('span', { class: 'mover-account', text: m.account_id }),
      el('span', { class: 'pill ' + m.tier, text: TIER_LABEL[m.tier] || m.tier }),
      m.tier_before && m.tier_before !== m.tier ? el('span', { class: 'muted mover-was', text: 'was ' + (TIER_LABEL[m.tier_before] || m.tier_before) }) : null,
      el('span', { class: 'mover-reason', text: m.reason }));
    const item = el('li', { class: 'mover', 'data-id': m.account_id }, head);
    const toggle = async () => {
      const open = item.querySelector('.mover-detail');
      if (open) { open.remove(); head.setAttribute('aria-expanded', 'false'); item.classList.remove('open'); return; }
      head.setAttribute('aria-expanded', 'true'); item.classList.add('open');
      const box = el('div', { class: 'mover-detail' }, el('p', { class: 'muted', text: 'Loading ' + m.account_id + '…' }));
      item.append(box);
      await fillDetail(box, m.account_id);
    };
    head.addEventListener('click', toggle);
    head.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); } });
    return item;
  }

  // ---------- backtest page ----------
  function signalLabel(key) { const s = MODEL.signals.find(x => x.signal === key); return s ? s.label : key; }
  function evidence(f) { return `${int(f.accounts)} accounts, ${int(f.churn_events)} churn events`; }
  /** The judgement beside a figure: "too few to judge" when the backtest says so, and its note. */
  function judgement(f) {
    return el('span', { class: 'judgement' },
      f.enough_data === false ? el('span', { class: 'badge few', text: 'too few to judge' }) : null,
      f.note ? el('span', { class: 'muted', text: ' ' + f.note }) : null);
  }
  function auc(v) { return v == null ? '–' : Number(v).toFixed(3); }
  function rate(v) { return v == null ? '–' : (v * 100).toFixed(1) + '%'; }
  function figureCard(title, id, ...body) { return el('section', { class: 'card figure', id }, el('h2', { text: title }), ...body); }
  function figureTable(heads, rows) {
    return el('table', { class: 'figures' }, el('thead', {}, el('tr', {}, heads.map(h => el('th', { text: h })))),
      el('tbody', {}, rows));
  }
  function missing(text) { return el('p', { class: 'muted', text }); }

  /** "Critical accounts churned 15.5× as often as healthy ones", the tiers named by the figure's item. */
  function liftLine(lift) {
    const [high, low] = lift.item.split('/').map(t => TIER_LABEL[t] || t);
    return el('p', { class: 'lift' }, `${high} accounts churned `,
      el('strong', { text: lift.value == null ? '–' : `${Number(lift.value).toFixed(1)}×` }),
      ` as often as ${low.toLowerCase()} ones (${evidence(lift)}) `, judgement(lift));
  }

  async function loadBacktest() {
    const err = $('backtest-error');
    try {
      const b = await api('/api/backtest');
      err.hidden = true;
      renderBacktest(b);
    } catch (e) {
      if (e.message !== 'unauthorized') { err.hidden = false; err.textContent = e.message; }
    }
  }

  function renderBacktest(b) {
    const f = b.figures;
    $('backtest-meta').textContent = b.backtest_id
      ? `${b.backtest_id} · computed ${(b.computed_at || '').replace('T', ' ').replace('Z', ' UTC')} · churn within ${b.horizon_days} days of each as-of date`
      : '';
    // the backtest's own note says why (it starts "too few to judge" when that is the reason)
    const note = b.note || (b.backtest_id && !b.enough_data ? 'too few to judge: the score\'s AUC rests on too few accounts or churn events' : '');
    $('backtest-note').hidden = !note;
    $('backtest-note').textContent = note ? note.charAt(0).toUpperCase() + note.slice(1) + '.' : '';
    if (!b.backtest_id) { $('backtest-figures').replaceChildren(); return; }
    const s = f.score_auc[0];
    const aucCard = figureCard('How well the score ranks churners', 'bt-auc',
      s ? el('div', { class: 'big-figure' },
        el('span', { class: 'big-value', text: auc(s.value) }),
        el('span', { class: 'muted', text: s.ci_low != null ? ` AUC (interval ${auc(s.ci_low)}–${auc(s.ci_high)}); 0.5 is chance, 1 is perfect` : ' AUC; 0.5 is chance, 1 is perfect' }),
        el('div', { class: 'muted', text: evidence(s) }), judgement(s)) : missing('No score AUC was computed.'));
    const lift = f.tier_lift[0];
    const tiers = figureCard('Churn rate per risk tier', 'bt-tiers',
      f.tier_churn_rate.length ? figureTable(['Tier at the as-of date', 'Churned within the horizon', 'Accounts', 'Churn events', ''],
        f.tier_churn_rate.map(t => el('tr', { 'data-item': t.item }, el('td', {}, el('span', { class: 'pill ' + t.item, text: TIER_LABEL[t.item] || t.item })),
          el('td', { class: 'num', text: rate(t.value) }), el('td', { class: 'num', text: int(t.accounts) }), el('td', { class: 'num', text: int(t.churn_events) }),
          el('td', {}, judgement(t))))) : missing('No tier churn rates were computed.'),
      lift ? liftLine(lift) : null);
    const calibration = figureCard('Calibration by score band', 'bt-calibration',
      f.calibration.length ? figureTable(['Score band', 'Mean score', 'Churn rate', 'Accounts', 'Churn events', ''],
        f.calibration.map(c => el('tr', { 'data-item': c.item }, el('td', { text: c.item }), el('td', { class: 'num', text: fixed1(c.mean_score) }),
          el('td', { class: 'num', text: rate(c.value) }), el('td', { class: 'num', text: int(c.accounts) }), el('td', { class: 'num', text: int(c.churn_events) }),
          el('td', {}, judgement(c))))) : missing('No calibration was computed.'));
    const signals = figureCard('Which signals carry the warning', 'bt-signals',
      f.signal_auc.length ? figureTable(['Signal', 'AUC of its points alone', '', ''],
        f.signal_auc.map(x => {
          const bar = el('i');
          bar.style.width = (x.value == null ? 0 : Math.max(0, Math.min(100, 100 * x.value))) + '%';
          return el('tr', { 'data-item': x.item }, el('td', { text: signalLabel(x.item) }), el('td', { class: 'num', text: auc(x.value) }),
            el('td', {}, el('span', { class: 'meter auc-meter' }, bar)), el('td', {}, judgement(x)));
        })) : missing('No per-signal AUC was computed.'));
    const heldOut = Object.fromEntries(f.heldout_auc.map(h => [h.item, h]));
    const weights = figureCard('Suggested weights (never applied)', 'bt-weights',
      f.suggested_weight.length ? figureTable(['Signal', 'Configured points', 'Suggested points', ''],
        f.suggested_weight.map(w => el('tr', { 'data-item': w.item }, el('td', { text: signalLabel(w.item) }),
          el('td', { class: 'num', text: fixed1(w.configured_weight) }), el('td', { class: 'num', text: fixed1(w.suggested_weight) }),
          el('td', {}, judgement(w))))) : missing('No weights were suggested.'),
      f.heldout_auc.length ? el('p', { class: 'heldout' }, 'AUC on the held-out later dates: configured weights ',
        el('strong', { text: auc(heldOut.configured && heldOut.configured.value) }), ', suggested weights ',
        el('strong', { text: auc(heldOut.suggested && heldOut.suggested.value) }), ' ',
        ...f.heldout_auc.map(judgement)) : null);
    $('backtest-figures').replaceChildren(aucCard, tiers, calibration, signals, weights);
  }

  function signalValue(s) {
    switch (s.signal) {
      case 'errors': return pct(s.value);
      case 'sentiment': return s.value == null ? 'no transcripts' : sentiment(s.value);
      case 'recency': return s.value == null ? 'no usage' : s.value + ' d';
      case 'features': return s.value == null ? '–' : s.value + ' / ' + fullAt('features');
      default: return int(s.value);
    }
  }

  function renderDetail(d, t) {
    const signals = el('div', { class: 'signals' }, d.breakdown.map(s => {
      const bar = el('i');
      bar.style.width = (s.max_points ? Math.max(0, Math.min(100, 100 * s.points / s.max_points)) : 0) + '%';
      return el('div', { class: 'signal-card', 'data-signal': s.signal },
        el('div', { class: 'signal-name', text: s.label }),
        el('div', { class: 'signal-value', text: signalValue(s) }),
        el('div', { class: 'signal-points', text: `${fixed1(s.points)} of ${fixed1(s.max_points)} points` }),
        el('div', { class: 'meter' }, bar));
    }));
    const ins = d.insights;
    const insights = el('div', { class: 'insights' },
      el('div', { class: 'insight recommendation' }, el('div', { class: 'tag', text: 'AI recommendation' }),
        el('p', { text: ins && ins.recommendation ? ins.recommendation : 'No recommendation published for this account yet.' }),
        ins ? el('div', { class: 'by', text: `${ins.provider} · ${ins.model}` }) : null),
      el('div', { class: 'insight transcript-summary' }, el('div', { class: 'tag', text: 'AI transcript summary' }),
        el('p', { text: ins && ins.transcript_summary ? ins.transcript_summary : 'No transcript summary published for this account yet.' }),
        ins ? el('div', { class: 'by', text: `${ins.provider} · ${ins.model}` }) : null));
    const acc = d.account;
    const facts = el('p', { class: 'muted', text: `${acc.account_id} · ${acc.industry} · ${acc.tier} plan · revenue ${money(acc.annual_revenue)} · tenure ${int(acc.tenure_days)} days · owner ${acc.account_owner_id || '–'} · health ${fixed1(acc.health_score)} (${TIER_LABEL[acc.risk_tier]})` });
    const parts = [el('div', {}, el('h3', { text: 'Signals and their points' }), signals), insights,
      el('div', { class: 'history' }, el('h3', { text: 'Score over time, by signal' }), drawContributions(d.history)),
      t ? el('div', {}, el('h3', { text: `Transcripts (${t.transcripts.length})` }), transcriptTable(t.transcripts))
        : el('div', {}, el('h3', { text: 'Transcripts' }), el('p', { class: 'muted', text: 'Transcript records are visible to analysts.' })),
      facts];
    return el('div', { class: 'detail' }, parts);
  }

  /** The score at each as-of date as a stack of the six signals' points, so a drop can be traced to its signal. */
  function drawContributions(h) {
    if (!h || h.length === 0) return el('p', { class: 'muted', text: 'No history.' });
    const W = 640, H = 190, L = 30, B = 20, T = 14, R = 8;
    const y = v => H - B - (H - B - T) * v / MODEL.max_score;
    const slot = (W - L - R) / h.length, bw = Math.min(56, slot * 0.62);
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Health score over time, split by signal' });
    for (const v of [0, ...thresholds().slice().reverse(), MODEL.max_score]) {
      root.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'axis' }));
      root.append(svg('text', { x: L - 4, y: y(v) + 3, 'text-anchor': 'end', text: v }));
    }
    h.forEach((p, i) => {
      const x = L + slot * i + (slot - bw) / 2;
      const stack = svg('g', { class: 'stack', 'data-date': p.as_of_date });
      let base = 0;
      for (const s of MODEL.signals) {
        const pts = p[s.points_column];
        if (pts == null || pts <= 0) continue;
        stack.append(svg('rect', { x, y: y(base + pts), width: bw, height: Math.max(0, y(base) - y(base + pts)), class: 'seg sig-' + s.signal, 'data-signal': s.signal },
          svg('title', { text: `${p.as_of_date} · ${s.label}: ${fixed1(pts)} of ${fixed1(s.max_points)} points` })));
        base += pts;
      }
      stack.append(svg('text', { x: x + bw / 2, y: y(base) - 3, 'text-anchor': 'middle', class: 'value-label', text: fixed1(p.health_score) }));
      stack.append(svg('text', { x: x + bw / 2, y: H - 6, 'text-anchor': 'middle', text: p.as_of_date.slice(5) }));
      root.append(stack);
    });
    const legend = el('div', { class: 'legend signals-legend' }, MODEL.signals.map(s => el('span', { class: 'sig-' + s.signal, text: s.label })));
    return el('div', { class: 'contributions' }, root, legend);
  }

  function transcriptTable(rows) {
    if (rows.length === 0) return el('p', { class: 'muted', text: 'No transcripts for this account.' });
    return el('table', { class: 'transcripts' },
      el('thead', {}, el('tr', {}, ['When', 'Type', 'Sentiment', 'Category', 'Transcript'].map(h => el('th', { text: h })))),
      el('tbody', {}, rows.map(r => el('tr', {},
        el('td', { text: (r.timestamp || '').replace('T', ' ').replace('Z', '') }),
        el('td', { text: words(r.interaction_type) }),
        el('td', { class: r.sentiment_score > 0.05 ? 'sent-pos' : r.sentiment_score < -0.05 ? 'sent-neg' : 'sent-neu', text: sentiment(r.sentiment_score) }),
        el('td', { text: words(r.complaint_category) }),
        el('td', { class: 'body', text: r.transcript_body })))));
  }

  async function ask(ev) {
    ev.preventDefault();
    const q = $('ask-input').value.trim();
    if (!q) return;
    const box = $('ask-answer');
    box.hidden = false;
    box.textContent = 'Thinking…';
    try {
      const r = await api('/api/rag', { method: 'POST', body: JSON.stringify({ query: q }) });
      box.textContent = r.answer;
    } catch (e) {
      box.textContent = e.message;
    }
  }

  // ---------- wiring ----------
  let searchTimer = null;
  function wire() {
    $('login-form').addEventListener('submit', login);
    $('sso-submit').addEventListener('click', () => ssoStart().catch(e => { $('login-error').textContent = e.message; }));
    $('logout').addEventListener('click', () => logout(''));
    $('tier-filter').addEventListener('change', e => { state.tier = e.target.value; state.offset = 0; load(); });
    $('industry-filter').addEventListener('change', e => { state.industry = e.target.value; state.offset = 0; load(); });
    $('page-size').addEventListener('change', e => { state.limit = Number(e.target.value); state.offset = 0; load(); });
    $('search').addEventListener('input', e => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => { state.q = e.target.value.trim(); state.offset = 0; load(); }, 250);
    });
    $('prev-page').addEventListener('click', () => { state.offset = Math.max(0, state.offset - state.limit); load(); });
    $('next-page').addEventListener('click', () => { state.offset += state.limit; load(); });
    $('ask-form').addEventListener('submit', ask);
    window.addEventListener('hashchange', route);
    // The total card; tier cards are added with the model and wired there.
    for (const c of document.querySelectorAll('.card.stat')) c.addEventListener('click', () => filterTier(c.dataset.tier));
  }

  async function init() {
    wire();
    try {
      const h = await (await fetch('/api/health')).json();
      state.auth = h.auth || { mode: 'local' };
    } catch (e) { /* keep local */ }
    const cognito = state.auth.mode === 'cognito';
    $('local-login').hidden = cognito;
    $('sso-login').hidden = !cognito;
    const params = new URLSearchParams(location.search);
    if (cognito && params.get('code')) {
      try { await ssoFinish(params.get('code'), params.get('state')); } catch (e) { logout(e.message); return; }
    }
    if (state.token && (decodeJwt(state.token).exp || 0) * 1000 > Date.now()) { setToken(state.token); showApp(); } else logout('');
  }
  document.addEventListener('DOMContentLoaded', init);
})();
