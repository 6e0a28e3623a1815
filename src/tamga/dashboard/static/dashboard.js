/* tamga dashboard: sortable tables, plotly figures, and the live overview. No build step. */
"use strict";
(function () {
  const base = document.body.dataset.base || "";
  const lang = document.documentElement.lang || "en";
  const numberFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const dateFormat = new Intl.DateTimeFormat(lang, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
    hourCycle: "h23", timeZone: "UTC",
  });
  /* the words the server wrote for this page's language (base.html, #tamga-i18n) */
  const words = (() => {
    const el = document.getElementById("tamga-i18n");
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  })();
  function word(group, code) {
    const table = words[group] || {};
    return table[code] || (code == null ? "" : String(code).replace(/_/g, " "));
  }
  function when(text) {
    const t = Date.parse(text || "");
    return isNaN(t) ? (text || "") : dateFormat.format(new Date(t)) + " UTC";
  }

  /* numbers as this language writes them: "1,234.5" (en) or "1 234,5" (ru, kk) */
  const decimalComma = (1.5).toLocaleString(lang).indexOf(",") >= 0;
  function parseNumber(raw) {
    const m = /^-?\d[\d\s\u00a0\u202f.,]*(?=\s|%|$)/.exec(raw.trim());
    if (!m) return NaN;
    let t = m[0].trim();
    t = decimalComma ? t.replace(/[\s\u00a0\u202f.]/g, "").replace(",", ".") : t.replace(/[\s\u00a0\u202f,]/g, "");
    return parseFloat(t);
  }

  /* -- sortable tables: click a header; numbers sort as numbers ("1,234 kg" is 1234) -- */
  function sortKey(cell) {
    const raw = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    const n = parseNumber(raw);
    return isNaN(n) ? raw.toLowerCase() : n;
  }
  function sortBy(table, index, th) {
    const body = table.tBodies[0];
    if (!body) return;
    const asc = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach((h) => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    const rows = Array.from(body.rows).filter((r) => r.cells.length > index);
    rows.sort((a, b) => {
      const x = sortKey(a.cells[index]);
      const y = sortKey(b.cells[index]);
      const c = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : typeof x === "number" ? -1 : 1;
      return asc ? c : -c;
    });
    rows.forEach((r) => body.appendChild(r));
  }
  function makeSortable(root) {
    root.querySelectorAll("table.sortable").forEach((table) => {
      if (table.dataset.sortable) return;
      table.dataset.sortable = "1";
      const head = table.tHead;
      if (!head) return;
      Array.from(head.rows[0].cells).forEach((th, i) => {
        th.tabIndex = 0;
        th.title = words.sort || "Sort";
        th.addEventListener("click", () => sortBy(table, i, th));
        th.addEventListener("keydown", (e) => {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, i, th); }
        });
      });
    });
  }

  /* -- plotly figures shipped as JSON next to their container -- */
  function drawPlots() {
    if (typeof Plotly === "undefined") return;
    document.querySelectorAll(".plot[data-figure]").forEach((el) => {
      const src = document.getElementById(el.dataset.figure);
      if (!src) return;
      const fig = JSON.parse(src.textContent);
      const layout = Object.assign({}, fig.layout || {}, { autosize: true });
      Plotly.newPlot(el, fig.data || [], layout, { responsive: true, displaylogo: false });
      el.on("plotly_click", (ev) => {
        const point = ev.points && ev.points[0];
        if (point && typeof point.customdata === "string" && point.customdata.startsWith("/")) {
          window.location.href = point.customdata;
        }
      });
    });
  }

  /* -- the live overview: new events from the server-sent-event stream -- */
  function cell(tr, text, cls) {
    const td = tr.insertCell();
    td.textContent = text == null ? "" : String(text);
    if (cls) td.className = cls;
    return td;
  }
  function link(td, href, text) {
    td.textContent = "";
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    td.appendChild(a);
  }
  function eventRow(e) {
    const tr = document.createElement("tr");
    tr.dataset.seq = e.seq;
    tr.className = "fresh";
    cell(tr, numberFormat.format(e.seq), "n");
    cell(tr, when(e.time));
    cell(tr, word("event_type", e.type));
    cell(tr, e.location);
    const holder = cell(tr, "");
    if (e.holder) link(holder, base + "/holders/" + encodeURIComponent(e.holder), e.holder_name || e.holder);
    if (e.holder && e.holder_name) holder.firstChild.title = e.holder;
    cell(tr, e.counterparty_name || e.counterparty || "");
    const ref = cell(tr, "");
    if (e.declaration_no && (e.type === "import" || e.type === "export")) {
      link(ref, base + "/declarations/" + encodeURIComponent(e.declaration_no), e.declaration_no);
    } else if (e.transit_id) {
      link(ref, base + "/transits/" + encodeURIComponent(e.transit_id), e.transit_id);
    } else {
      ref.textContent = e.declaration_no || e.transit_id || "";
    }
    cell(tr, e.value == null ? "" : numberFormat.format(e.value), "n");
    return tr;
  }
  function alertRow(a) {
    const tr = document.createElement("tr");
    tr.dataset.id = a.id;
    tr.className = "fresh";
    link(cell(tr, ""), base + "/alerts/" + encodeURIComponent(a.id), a.id);
    const what = cell(tr, a.rule ? word("rule", a.rule) : "—");
    const title = document.createElement("div");
    title.className = "sub";
    title.textContent = a.title || "";
    what.appendChild(title);
    const chan = document.createElement("span");
    chan.className = "chan chan-" + a.channel;
    chan.textContent = word("channel", a.channel);
    cell(tr, "").appendChild(chan);
    cell(tr, a.score == null ? "—" : Number(a.score).toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }), "n");
    const decls = cell(tr, "");
    (a.declarations || []).forEach((d) => {
      const el = document.createElement("a");
      el.href = base + "/declarations/" + encodeURIComponent(d);
      el.textContent = d;
      decls.appendChild(el);
      decls.appendChild(document.createTextNode(" "));
    });
    cell(tr, word("alert_state", a.state));
    return tr;
  }
  let refreshTimer = null;
  function refreshPanels() {
    const panels = document.getElementById("overview-panels");
    if (!panels || refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      fetch(panels.dataset.fragment, { credentials: "same-origin" })
        .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
        .then((html) => { panels.innerHTML = html; makeSortable(panels); })
        .catch(() => {});
    }, 1500);
  }
  function liveOverview() {
    const state = document.getElementById("live-state");
    const body = document.querySelector("#recent-events tbody");
    const source = new EventSource(base + "/live");
    source.onopen = () => { if (state) { state.textContent = words.live || "live"; state.className = "live on"; } };
    source.onerror = () => { if (state) { state.textContent = words.reconnecting || "reconnecting…"; state.className = "live"; } };
    source.addEventListener("ledger", (msg) => {
      const e = JSON.parse(msg.data);
      if (body) {
        if (body.querySelector('tr[data-seq="' + e.seq + '"]')) return;
        body.insertBefore(eventRow(e), body.firstChild);
        while (body.rows.length > 15) body.deleteRow(body.rows.length - 1);
      }
      const kpi = document.getElementById("kpi-events");
      if (kpi) {
        const n = parseInt(kpi.textContent.replace(/[^0-9]/g, ""), 10) || 0;
        kpi.textContent = numberFormat.format(n + 1);
      }
      refreshPanels();
    });
    const alerts = document.querySelector("#recent-alerts tbody");
    source.addEventListener("alert", (msg) => {
      const a = JSON.parse(msg.data);
      if (!alerts) return;
      alerts.querySelectorAll("tr").forEach((tr) => { if (tr.dataset.id === a.id) tr.remove(); });
      alerts.insertBefore(alertRow(a), alerts.firstChild);
      while (alerts.rows.length > 8) alerts.deleteRow(alerts.rows.length - 1);
      const note = document.querySelector("#recent-alerts").closest(".card").querySelector(".empty-note");
      if (note) note.hidden = true;
      refreshPanels();
    });
    source.addEventListener("signed-out", () => {
      source.close();
      window.location.href = base + "/signin";
    });
    window.addEventListener("beforeunload", () => source.close());
  }

  window.tamga = { liveOverview: liveOverview, makeSortable: makeSortable };
  document.addEventListener("DOMContentLoaded", () => { makeSortable(document); drawPlots(); });
  if (document.readyState !== "loading") { makeSortable(document); drawPlots(); }
})();
