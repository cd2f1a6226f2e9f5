/* jsupervisord live dashboard: enhances the status table in place (live states from the
   daemon's events, filters, groups, bulk actions, log tails). All data reaches the DOM as text
   (textContent, attributes via setAttribute); no HTML is ever built from data. */
(function () {
  'use strict';

  var STATES = ['RUNNING', 'STARTING', 'BACKOFF', 'STOPPING', 'STOPPED', 'EXITED', 'FATAL', 'UNKNOWN'];
  var RUNNING_STATES = { RUNNING: 1, STARTING: 1, BACKOFF: 1 };
  var STOPPED_STATES = { STOPPED: 1, EXITED: 1, FATAL: 1, UNKNOWN: 1 };
  var LOG_LIMIT = 200000;

  var rows = {};          // namespec -> tr
  var groupRows = {};     // group -> tr
  var collapsed = {};     // group -> true
  var procs = {};         // namespec -> last known process object
  var token = null;
  var tokenHeader = 'X-JSupervisor-Token';
  var source = null;
  var refreshTimer = null;
  var reconnectTimer = null;
  var tail = null;        // { abort: AbortController }
  var ui = {};

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function button(label, onClick, attrs) {
    var b = el('button', attrs || {}, label);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  function namespecOf(group, name) {
    return group === name ? name : group + ':' + name;
  }

  function statusClass(state) {
    if (state === 'RUNNING') { return 'statusrunning'; }
    if (state === 'FATAL' || state === 'BACKOFF') { return 'statuserror'; }
    return 'statusnominal';
  }

  function duration(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var d = Math.floor(s / 86400);
    var h = Math.floor(s % 86400 / 3600);
    var m = Math.floor(s % 3600 / 60);
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return (d ? d + 'd ' : '') + h + ':' + pad(m) + ':' + pad(s % 60);
  }

  function bytes(n) {
    if (n < 0) { return '?'; }
    if (n < 1048576) { return (n / 1024).toFixed(0) + ' KiB'; }
    return (n / 1048576).toFixed(1) + ' MiB';
  }

  /* ---------- table ---------- */

  function findTable() {
    var table = document.querySelector('#dashboard ~ table') || document.querySelector('table');
    var placeholder = document.querySelector('p#statustable');
    if (placeholder) { placeholder.hidden = true; }
    if (!table) {
      table = el('table');
      ui.root.parentNode.insertBefore(table, ui.root.nextSibling);
    }
    table.classList.add('live-table');
    if (!table.tHead) {
      var head = table.createTHead().insertRow();
      ['State', 'Description', 'Name', 'Action'].forEach(function (t) { head.appendChild(el('th', null, t)); });
    }
    if (!table.tBodies.length) { table.appendChild(el('tbody')); }
    var headRow = table.tHead.rows[0];
    if (!headRow.querySelector('.select-col')) {
      var th = el('th', { 'class': 'select-col' });
      ui.selectAll = el('input', { type: 'checkbox', 'aria-label': 'Select all shown processes' });
      ui.selectAll.addEventListener('change', function () {
        eachVisibleRow(function (tr) { tr.querySelector('.select-box').checked = ui.selectAll.checked; });
        updateSelection();
      });
      th.appendChild(ui.selectAll);
      headRow.insertBefore(th, headRow.firstChild);
    }
    ui.table = table;
    ui.body = table.tBodies[0];
    Array.prototype.forEach.call(ui.body.querySelectorAll('tr[data-namespec]'), function (tr) {
      rows[tr.getAttribute('data-namespec')] = tr;
    });
    Array.prototype.forEach.call(ui.body.querySelectorAll('tr:not([data-namespec])'), function (tr) {
      tr.parentNode.removeChild(tr);
    });
  }

  /** Gives a legacy row (4 cells) or a new row the dashboard's 5 cells. */
  function prepareRow(tr, p) {
    if (tr.getAttribute('data-live') === '1') { return; }
    tr.setAttribute('data-live', '1');
    while (tr.cells.length < 4) { tr.appendChild(el('td')); }
    var select = el('td', { 'class': 'select-col' });
    var box = el('input', { type: 'checkbox', 'class': 'select-box' });
    box.setAttribute('aria-label', 'Select ' + p.namespec);
    box.addEventListener('change', updateSelection);
    select.appendChild(box);
    tr.insertBefore(select, tr.firstChild);
    tr.cells[1].textContent = '';
    tr.cells[1].appendChild(el('span'));
    var legacyDescription = tr.cells[2].textContent.trim();
    tr.cells[2].textContent = '';
    tr.cells[2].appendChild(el('span', { 'class': 'desc' }, legacyDescription));
    tr.cells[2].appendChild(el('span', { 'class': 'facts' }));
    tr.cells[3].textContent = '';
    var link = el('a', { href: 'tail.html?processname=' + encodeURIComponent(p.namespec), target: '_blank', rel: 'noopener' });
    link.textContent = p.namespec;
    tr.cells[3].appendChild(link);
    tr.cells[4].textContent = '';
    tr.cells[4].className = 'actions';
    var ns = p.namespec;
    tr.cells[4].appendChild(button('Start', function () { act('start', [ns]); }, { 'class': 'act-start', 'aria-label': 'Start ' + ns }));
    tr.cells[4].appendChild(button('Stop', function () { act('stop', [ns]); }, { 'class': 'act-stop', 'aria-label': 'Stop ' + ns }));
    tr.cells[4].appendChild(button('Restart', function () { act('restart', [ns]); }, { 'class': 'act-restart', 'aria-label': 'Restart ' + ns }));
    tr.cells[4].appendChild(button('Log', function () { openTail(ns, 'stdout'); }, { 'class': 'act-log', 'aria-label': 'Log of ' + ns }));
  }

  function setState(tr, state) {
    if (tr.getAttribute('data-state') === state && tr.getAttribute('data-live') === '1') { return; }
    tr.setAttribute('data-state', state);
    var span = tr.cells[1].firstChild;
    span.className = statusClass(state);
    span.textContent = state.toLowerCase();
    var running = !!RUNNING_STATES[state];
    tr.querySelector('.act-start').hidden = running || state === 'STOPPING';
    tr.querySelector('.act-stop').hidden = !running;
    tr.querySelector('.act-restart').hidden = state !== 'RUNNING';
  }

  /** What the description does not say already: usage, last exit, restarts. */
  function facts(p) {
    var parts = [];
    if (p.pid > 0) {
      if (p.cpuSeconds >= 0) { parts.push('cpu ' + p.cpuSeconds.toFixed(2) + ' s'); }
      if (p.rssBytes >= 0) { parts.push('rss ' + bytes(p.rssBytes)); }
      if (!/uptime/.test(p.description)) { parts.push('pid ' + p.pid, 'up ' + duration(p.uptime)); }
    } else if (p.stop > 0 && p.state === 'EXITED') {
      parts.push('exit status ' + p.exitstatus);
    }
    parts.push('restarts ' + p.restarts);
    return parts.join(' \u00b7 ');
  }

  function render(snapshot) {
    var seen = {};
    var previous = null;
    var groupCount = {};
    snapshot.processes.forEach(function (p) {
      if (p.group !== p.name) { groupCount[p.group] = (groupCount[p.group] || 0) + 1; }
    });
    var lastGroup = null;
    snapshot.processes.forEach(function (p) {
      seen[p.namespec] = true;
      procs[p.namespec] = p;
      if (groupCount[p.group] && p.group !== lastGroup) {
        var g = groupRow(p.group);
        placeAfter(g, previous);
        previous = g;
      }
      lastGroup = p.group;
      var tr = rows[p.namespec];
      if (!tr) {
        tr = el('tr');
        rows[p.namespec] = tr;
      }
      tr.setAttribute('data-namespec', p.namespec);
      tr.setAttribute('data-group', p.group);
      tr.setAttribute('data-name', p.name);
      prepareRow(tr, p);
      setState(tr, p.state);
      tr.cells[2].firstChild.textContent = p.description;
      tr.cells[2].lastChild.textContent = facts(p);
      placeAfter(tr, previous);
      previous = tr;
    });
    Object.keys(rows).forEach(function (ns) {
      if (!seen[ns]) { rows[ns].parentNode && rows[ns].parentNode.removeChild(rows[ns]); delete rows[ns]; delete procs[ns]; }
    });
    Object.keys(groupRows).forEach(function (g) {
      if (!groupCount[g]) { groupRows[g].parentNode && groupRows[g].parentNode.removeChild(groupRows[g]); delete groupRows[g]; }
    });
    ui.empty.hidden = snapshot.processes.length > 0;
    updateGroupOptions(Object.keys(groupCount));
    applyFilter();
  }

  function placeAfter(tr, previous) {
    var want = previous ? previous.nextSibling : ui.body.firstChild;
    if (want !== tr) { ui.body.insertBefore(tr, want); }
  }

  function groupRow(group) {
    var tr = groupRows[group];
    if (tr) { return tr; }
    tr = el('tr', { 'class': 'group-row', 'data-group-row': group });
    var cell = el('td', { colspan: '5' });
    var toggle = button('', function () {
      collapsed[group] = !collapsed[group];
      toggle.setAttribute('aria-expanded', collapsed[group] ? 'false' : 'true');
      applyFilter();
    }, { 'class': 'group-toggle', 'aria-expanded': 'true' });
    toggle.appendChild(el('span', { 'class': 'caret', 'aria-hidden': 'true' }));
    toggle.appendChild(el('span', { 'class': 'group-name' }, group));
    toggle.appendChild(el('span', { 'class': 'group-counts' }));
    cell.appendChild(toggle);
    var actions = el('span', { 'class': 'group-actions' });
    var spec = group + ':*';
    actions.appendChild(button('Start group', function () { act('start', [spec]); }, { 'class': 'group-start', 'aria-label': 'Start group ' + group }));
    actions.appendChild(button('Stop group', function () { act('stop', [spec]); }, { 'class': 'group-stop', 'aria-label': 'Stop group ' + group }));
    actions.appendChild(button('Restart group', function () { act('restart', [spec]); }, { 'class': 'group-restart', 'aria-label': 'Restart group ' + group }));
    cell.appendChild(actions);
    tr.appendChild(cell);
    groupRows[group] = tr;
    return tr;
  }

  /* ---------- toolbar, filters, counts ---------- */

  function buildToolbar() {
    var root = ui.root;
    root.textContent = '';
    root.className = 'live-dashboard';
    var bar = el('div', { 'class': 'live-toolbar', role: 'toolbar', 'aria-label': 'Dashboard' });
    ui.connection = el('span', { 'class': 'live-conn', role: 'status', 'data-conn': 'connecting' }, 'connecting\u2026');
    bar.appendChild(ui.connection);
    ui.counts = el('span', { 'class': 'live-counts', 'aria-label': 'Processes per state' });
    bar.appendChild(ui.counts);
    ui.filter = el('input', { type: 'search', 'class': 'live-filter', placeholder: 'Filter by name', 'aria-label': 'Filter processes by text' });
    ui.filter.addEventListener('input', applyFilter);
    // The toolbar sits inside the legacy page's form: Enter must filter, not submit it.
    ui.filter.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); } });
    bar.appendChild(ui.filter);
    ui.stateFilter = el('select', { 'class': 'live-state-filter', 'aria-label': 'Filter by state' });
    ui.stateFilter.appendChild(el('option', { value: '' }, 'all states'));
    STATES.forEach(function (s) { ui.stateFilter.appendChild(el('option', { value: s }, s.toLowerCase())); });
    ui.stateFilter.addEventListener('change', applyFilter);
    bar.appendChild(ui.stateFilter);
    ui.groupFilter = el('select', { 'class': 'live-group-filter', 'aria-label': 'Filter by group' });
    ui.groupFilter.appendChild(el('option', { value: '' }, 'all groups'));
    ui.groupFilter.addEventListener('change', applyFilter);
    bar.appendChild(ui.groupFilter);
    root.appendChild(bar);

    var bulk = el('div', { 'class': 'live-bulk', role: 'group', 'aria-label': 'Actions' });
    ui.selected = el('span', { 'class': 'live-selected' }, '0 selected');
    bulk.appendChild(ui.selected);
    ui.bulkButtons = [
      button('Start selected', function () { act('start', selection()); }, { 'class': 'bulk-start' }),
      button('Stop selected', function () { act('stop', selection()); }, { 'class': 'bulk-stop' }),
      button('Restart selected', function () { act('restart', selection()); }, { 'class': 'bulk-restart' })
    ];
    ui.bulkButtons.forEach(function (b) { b.disabled = true; bulk.appendChild(b); });
    bulk.appendChild(button('Start all', function () { act('startall', []); }, { 'class': 'all-start' }));
    bulk.appendChild(button('Stop all', function () {
      confirmThen('Stop every process?', function () { act('stopall', []); });
    }, { 'class': 'all-stop' }));
    bulk.appendChild(button('Restart all', function () {
      confirmThen('Restart every process? This also starts the processes that are stopped.', function () { act('restartall', []); });
    }, { 'class': 'all-restart' }));
    bulk.appendChild(button('Main log', function () { openTail(null, 'main'); }, { 'class': 'main-log' }));
    root.appendChild(bulk);

    ui.message = el('div', { 'class': 'live-message', role: 'status', 'aria-live': 'polite' });
    root.appendChild(ui.message);
    ui.empty = el('p', { 'class': 'live-empty' }, 'No programs to manage');
    ui.empty.hidden = true;
    root.appendChild(ui.empty);
    buildConfirm(root);
    buildLogPanel(root);
  }

  function updateGroupOptions(groups) {
    var current = ui.groupFilter.value;
    var have = {};
    Array.prototype.forEach.call(ui.groupFilter.options, function (o) { have[o.value] = o; });
    groups.sort().forEach(function (g) {
      if (!have[g]) { ui.groupFilter.appendChild(el('option', { value: g }, g)); }
      delete have[g];
    });
    Object.keys(have).forEach(function (g) { if (g) { ui.groupFilter.removeChild(have[g]); } });
    ui.groupFilter.value = current && groups.indexOf(current) >= 0 ? current : '';
  }

  function applyFilter() {
    var text = ui.filter.value.trim().toLowerCase();
    var state = ui.stateFilter.value;
    var group = ui.groupFilter.value;
    var counts = {};
    var perGroup = {};
    Object.keys(rows).forEach(function (ns) {
      var tr = rows[ns];
      var p = procs[ns];
      var st = tr.getAttribute('data-state');
      counts[st] = (counts[st] || 0) + 1;
      var g = tr.getAttribute('data-group');
      var match = (!text || ns.toLowerCase().indexOf(text) >= 0 ||
                   (p && p.description.toLowerCase().indexOf(text) >= 0)) &&
                  (!state || st === state) && (!group || g === group);
      if (match) {
        perGroup[g] = perGroup[g] || {};
        perGroup[g][st] = (perGroup[g][st] || 0) + 1;
      }
      tr.hidden = !match || !!collapsed[g] && !!groupRows[g];
      tr.classList.toggle('filtered-out', !match);
    });
    Object.keys(groupRows).forEach(function (g) {
      var counted = perGroup[g];
      groupRows[g].hidden = !counted;
      var label = counted ? Object.keys(counted).map(function (s) { return counted[s] + ' ' + s.toLowerCase(); }).join(', ') : '';
      groupRows[g].querySelector('.group-counts').textContent = label;
    });
    var shade = false;
    Array.prototype.forEach.call(ui.body.rows, function (tr) {
      if (tr.hidden || tr.classList.contains('group-row')) { return; }
      tr.classList.toggle('shade', shade);
      shade = !shade;
    });
    renderCounts(counts);
    updateSelection();
  }

  var filterPending = false;
  function scheduleFilter() {
    if (filterPending) { return; }
    filterPending = true;
    requestAnimationFrame(function () { filterPending = false; applyFilter(); });
  }

  function renderCounts(counts) {
    ui.counts.textContent = '';
    var total = Object.keys(rows).length;
    ui.counts.appendChild(el('span', { 'class': 'count count-total' }, total + ' total'));
    STATES.forEach(function (s) {
      if (!counts[s]) { return; }
      var b = button(counts[s] + ' ' + s.toLowerCase(), function () {
        ui.stateFilter.value = ui.stateFilter.value === s ? '' : s;
        applyFilter();
      }, { 'class': 'count ' + statusClass(s), 'data-count-state': s, 'aria-pressed': ui.stateFilter.value === s ? 'true' : 'false' });
      ui.counts.appendChild(b);
    });
  }

  function eachVisibleRow(fn) {
    Object.keys(rows).forEach(function (ns) { if (!rows[ns].classList.contains('filtered-out')) { fn(rows[ns]); } });
  }

  function selection() {
    var names = [];
    eachVisibleRow(function (tr) {
      if (tr.querySelector('.select-box').checked) { names.push(tr.getAttribute('data-namespec')); }
    });
    return names;
  }

  function updateSelection() {
    var n = selection().length;
    ui.selected.textContent = n + ' selected';
    ui.bulkButtons.forEach(function (b) { b.disabled = n === 0; });
  }

  /* ---------- confirmation ---------- */

  function buildConfirm(root) {
    var box = el('div', { 'class': 'live-confirm', role: 'alertdialog', 'aria-modal': 'false', 'aria-labelledby': 'live-confirm-text' });
    box.hidden = true;
    ui.confirmText = el('p', { id: 'live-confirm-text' });
    box.appendChild(ui.confirmText);
    ui.confirmYes = button('Yes, do it', function () {
      box.hidden = true;
      var go = ui.confirmAction;
      ui.confirmAction = null;
      if (go) { go(); }
    }, { 'class': 'confirm-yes' });
    box.appendChild(ui.confirmYes);
    box.appendChild(button('Cancel', function () { box.hidden = true; ui.confirmAction = null; }, { 'class': 'confirm-no' }));
    ui.confirm = box;
    root.appendChild(box);
  }

  function confirmThen(text, action) {
    ui.confirmText.textContent = text;
    ui.confirmAction = action;
    ui.confirm.hidden = false;
    ui.confirmYes.focus();
  }

  /* ---------- actions ---------- */

  function session() {
    return fetch('api/v1/session', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { if (!r.ok) { throw new Error('session: HTTP ' + r.status); } return r.json(); })
      .then(function (s) { token = s.token; tokenHeader = s.tokenHeader || tokenHeader; return token; });
  }

  function act(action, names) {
    if (names.length === 0 && ['start', 'stop', 'restart'].indexOf(action) >= 0) { return; }
    var label = action + (names.length ? ' ' + (names.length > 3 ? names.length + ' processes' : names.join(', ')) : '');
    say(label + '\u2026', 'pending');
    (token ? Promise.resolve(token) : session()).then(function () {
      var headers = { 'Content-Type': 'application/json' };
      headers[tokenHeader] = token;
      return fetch('api/v1/actions', {
        method: 'POST', credentials: 'same-origin', headers: headers,
        body: JSON.stringify(names.length ? { action: action, names: names } : { action: action })
      });
    }).then(function (r) {
      return r.json().then(function (body) { return { status: r.status, body: body }; });
    }).then(function (res) {
      if (res.status === 403) { token = null; }
      if (res.body.error) { say(label + ': ' + res.body.error, 'error'); return; }
      var failed = res.body.results.filter(function (o) { return !o.ok; });
      if (!failed.length) {
        say(label + ': done', 'ok');
      } else {
        say(label + ': ' + failed.length + ' failed: ' + failed.map(function (o) { return o.name + ' (' + o.error + ')'; }).join('; '), 'error');
      }
      scheduleRefresh(0);
    }).catch(function (e) { say(label + ': ' + e.message, 'error'); });
  }

  function say(text, kind) {
    ui.message.textContent = text;
    ui.message.setAttribute('data-kind', kind);
  }

  /* ---------- live updates ---------- */

  function refresh() {
    refreshTimer = null;
    return fetch('api/v1/processes', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(render)
      .catch(function (e) { say('could not load processes: ' + e.message, 'error'); });
  }

  function scheduleRefresh(delay) {
    if (refreshTimer === null) { refreshTimer = setTimeout(refresh, delay); }
  }

  function setConnection(state, text) {
    ui.connection.setAttribute('data-conn', state);
    ui.connection.textContent = text;
  }

  function connect() {
    reconnectTimer = null;
    if (source) { source.close(); }
    source = new EventSource('api/v1/events', { withCredentials: false });
    source.addEventListener('hello', function () {
      setConnection('live', 'live');
      token = null;
      scheduleRefresh(0);
    });
    source.addEventListener('resync', function () { scheduleRefresh(0); });
    source.addEventListener('event', function (e) {
      var ev = JSON.parse(e.data);
      if (ev.state) {
        var tr = rows[namespecOf(ev.group, ev.name)];
        if (tr) {
          setState(tr, ev.state);
          scheduleFilter();
        }
      }
      // Descriptions, pids and the rest follow from a snapshot once a burst settles.
      scheduleRefresh(150);
    });
    source.onerror = function () {
      setConnection('down', 'disconnected \u2014 reconnecting');
      if (source.readyState === EventSource.CLOSED && reconnectTimer === null) {
        reconnectTimer = setTimeout(connect, 2000);
      }
    };
  }

  /* ---------- log tail ---------- */

  function buildLogPanel(root) {
    var panel = el('section', { 'class': 'live-log', 'aria-label': 'Log tail' });
    panel.hidden = true;
    var head = el('div', { 'class': 'live-log-head' });
    ui.logTitle = el('strong', { 'class': 'live-log-title' });
    head.appendChild(ui.logTitle);
    ui.logChannel = el('select', { 'class': 'live-log-channel', 'aria-label': 'Log channel' });
    ui.logChannel.appendChild(el('option', { value: 'stdout' }, 'stdout'));
    ui.logChannel.appendChild(el('option', { value: 'stderr' }, 'stderr'));
    ui.logChannel.addEventListener('change', function () { if (tail && tail.name) { openTail(tail.name, ui.logChannel.value); } });
    head.appendChild(ui.logChannel);
    head.appendChild(button('Clear view', function () { ui.logText.textContent = ''; }, { 'class': 'live-log-clear' }));
    head.appendChild(button('Close', closeTail, { 'class': 'live-log-close' }));
    panel.appendChild(head);
    ui.logText = el('pre', { 'class': 'live-log-text', tabindex: '0', 'aria-live': 'off' });
    panel.appendChild(ui.logText);
    ui.logPanel = panel;
    root.appendChild(panel);
  }

  function closeTail() {
    if (tail) { tail.abort.abort(); tail = null; }
    ui.logPanel.hidden = true;
  }

  function openTail(name, channel) {
    if (tail) { tail.abort.abort(); }
    var abort = new AbortController();
    tail = { abort: abort, name: name };
    var url = name === null ? 'api/v1/mainlog'
      : 'api/v1/log?name=' + encodeURIComponent(name) + '&channel=' + channel;
    ui.logTitle.textContent = name === null ? 'main log' : name;
    ui.logChannel.hidden = name === null;
    if (name !== null) { ui.logChannel.value = channel; }
    ui.logText.textContent = '';
    ui.logPanel.hidden = false;
    var decoder = new TextDecoder('utf-8');
    fetch(url, { credentials: 'same-origin', cache: 'no-store', signal: abort.signal }).then(function (r) {
      if (!r.ok) {
        return r.text().then(function (t) { append('[' + r.status + '] ' + t); });
      }
      var reader = r.body.getReader();
      var pump = function () {
        return reader.read().then(function (chunk) {
          if (chunk.done) { append('\n[end of stream]\n'); return; }
          append(decoder.decode(chunk.value, { stream: true }));
          return pump();
        });
      };
      return pump();
    }).catch(function (e) {
      if (e.name !== 'AbortError') { append('\n[' + e.message + ']\n'); }
    });
  }

  function append(text) {
    var pre = ui.logText;
    var atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    var all = pre.textContent + text;
    if (all.length > LOG_LIMIT) { all = all.slice(all.length - LOG_LIMIT); }
    pre.textContent = all;
    if (atBottom) { pre.scrollTop = pre.scrollHeight; }
  }

  /* ---------- start ---------- */

  function start() {
    ui.root = document.getElementById('dashboard');
    if (!ui.root) {
      ui.root = el('div', { id: 'dashboard' });
      document.body.insertBefore(ui.root, document.body.firstChild);
    }
    document.documentElement.classList.add('live');
    buildToolbar();
    findTable();
    // Rows already in the page take the dashboard's shape at once; facts follow the snapshot.
    Object.keys(rows).forEach(function (ns) {
      var tr = rows[ns];
      var state = (tr.getAttribute('data-state') || 'UNKNOWN').toUpperCase();
      var p = { namespec: ns };
      var legacyState = tr.getAttribute('data-state');
      prepareRow(tr, p);
      tr.removeAttribute('data-state');
      setState(tr, legacyState ? state : 'UNKNOWN');
    });
    applyFilter();
    connect();
    refresh();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
