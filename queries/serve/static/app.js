// threadline explorer: search, expand, filter, read the evidence, query, curate.
// Everything that came from documents reaches the page as text (textContent,
// canvas fillText), never as markup. Every request goes to this server only.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const CSRF = document.querySelector('meta[name="csrf-token"]').content;
  const COMENTION = "MENTIONED_WITH";

  // -- helpers -----------------------------------------------------------------

  // el("p", {class: "x"}, "text", child): children are text or elements; text is never parsed.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Names may hold control characters or be very long: shown, but tamed.
  function label(text, max = 40) {
    const clean = String(text ?? "").replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, " ");
    return clean.length > max ? clean.slice(0, max - 1) + "…" : clean;
  }

  async function api(path, options = {}) {
    const init = { method: options.method || "GET", headers: { Accept: "application/json" }, credentials: "same-origin" };
    if (options.body !== undefined) {
      init.body = JSON.stringify(options.body);
      init.headers["Content-Type"] = "application/json";
    }
    if (init.method !== "GET") init.headers["X-CSRF-Token"] = CSRF;
    const response = await fetch(path, init);
    const data = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
    return data;
  }

  function status(text, isError) {
    const box = $("status");
    box.textContent = text || "";
    box.classList.toggle("error", !!isError);
  }

  function guard(promise) {
    return promise.catch((err) => status(err.message, true));
  }

  // -- state ---------------------------------------------------------------------

  const meta = { types: new Map(), relations: new Map() };
  const canvas = new GraphCanvas($("graph"));
  const view = {
    nodes: new Map(),  // id -> node (see render.js)
    edges: new Map(),  // id -> edge
    history: [],       // snapshots for undo
  };
  const filters = {
    types: new Set(), relations: new Set(), confidence: 0, from: "", to: "",
    status: new Set(["current", "former", "planned"]),
  };
  let sizeBy = "mentions";
  let worker = null;
  // Set when the user pans or zooms: the running layout then stops refitting the view.
  let cameraMoved = false;

  function snapshot() {
    view.history.push({
      nodes: [...view.nodes.values()].map((n) => ({ ...n })),
      edges: [...view.edges.values()].map((e) => ({ ...e, s: undefined, t: undefined })),
      centre: canvas.centre,
    });
    if (view.history.length > 50) view.history.shift();
  }

  function undoView() {
    const last = view.history.pop();
    if (!last) { status("nothing to undo"); return; }
    view.nodes = new Map(last.nodes.map((n) => [n.id, n]));
    view.edges = new Map(last.edges.map((e) => [e.id, e]));
    canvas.centre = last.centre;
    sync(false);
    status("undone");
  }

  function typeColor(type) { return (meta.types.get(type) || {}).color || "#8c8c8c"; }
  function relationColor(type) { return (meta.relations.get(type) || {}).color || "#5b6570"; }

  // Add nodes and edges from a payload; new nodes start near an anchor.
  function merge(payload, anchor) {
    const known = new Set(view.nodes.keys());
    let index = 0;
    for (const item of payload.nodes) {
      const old = view.nodes.get(item.id);
      if (old) { Object.assign(old, item, { hidden: false, x: old.x, y: old.y }); continue; }
      const angle = (index++ * 2.399963) % (Math.PI * 2);
      const radius = anchor ? 40 + 6 * Math.sqrt(index) : 400 * Math.sqrt(Math.random());
      const base = anchor && view.nodes.get(anchor);
      view.nodes.set(item.id, {
        ...item,
        x: (base ? base.x : 0) + radius * Math.cos(angle),
        y: (base ? base.y : 0) + radius * Math.sin(angle),
        hidden: false, pinned: false,
      });
    }
    for (const edge of payload.edges) view.edges.set(edge.id, edge);
    return payload.nodes.filter((n) => !known.has(n.id)).length;
  }

  function resize() {
    const metric = sizeBy;
    let max = 0;
    for (const n of view.nodes.values()) max = Math.max(max, n[metric] || 0);
    for (const n of view.nodes.values()) {
      n.r = 3 + 9 * Math.sqrt((n[metric] || 0) / (max || 1));
      n.color = typeColor(n.type);
      n.label = label(n.name);
    }
  }

  // Hand the view to the canvas (after any change), optionally re-running the layout.
  function sync(layout) {
    resize();
    canvas.nodes = [...view.nodes.values()];
    const edges = [];
    for (const e of view.edges.values()) {
      const s = view.nodes.get(e.source), t = view.nodes.get(e.target);
      if (!s || !t) continue;
      e.s = s; e.t = t;
      e.color = relationColor(e.type);
      e.directed = e.type !== COMENTION;
      e.label = label(e.label, 32);
      edges.push(e);
    }
    canvas.edges = edges;
    updateCounts();
    canvas.requestDraw();
    if (layout) runLayout();
  }

  function visibleNode(n) {
    return !n.hidden && filters.types.has(n.type);
  }
  function visibleEdge(e) {
    if (!filters.relations.has(e.type)) return false;
    if (!visibleNode(e.s) || !visibleNode(e.t)) return false;
    if (filters.confidence > 0 && e.type !== COMENTION && (e.confidence ?? 1) < filters.confidence) return false;
    if (e.type !== COMENTION && !filters.status.has(e.status || "current")) return false;
    if ((filters.from || filters.to) && e.dates) {
      if (filters.from && e.dates[1] < filters.from) return false;
      if (filters.to && e.dates[0] > filters.to) return false;
    } else if ((filters.from || filters.to) && e.type !== COMENTION) {
      return false;  // undated evidence is outside any date range
    }
    return true;
  }
  canvas.visibleNode = visibleNode;
  canvas.visibleEdge = visibleEdge;

  function updateCounts() {
    const nodes = canvas.nodes.filter(visibleNode).length;
    const edges = canvas.edges.filter(visibleEdge).length;
    $("counts").textContent = `${nodes} entities, ${edges} relations shown`;
    const empty = $("empty");
    if (!canvas.nodes.length) {
      empty.hidden = false;
      empty.textContent = "Nothing to show yet: search an entity, load the whole graph or run a query.";
    } else if (!nodes) {
      empty.hidden = false;
      empty.textContent = "The filters hide every entity: tick some entity types.";
    } else {
      empty.hidden = true;
    }
  }

  // Starts of a layout whose worker fails to load its scripts (a busy machine) before the
  // page says the layout failed; each waits a little longer than the one before.
  const LAYOUT_STARTS = 3;
  let layoutRun = 0;

  function runLayout(attempt = 0) {
    if (worker) worker.terminate();
    const nodes = canvas.nodes;
    if (!nodes.length) return;
    const current = new Worker("/static/layout-worker.js");
    const run = ++layoutRun;
    worker = current;
    window.threadline.layoutMs = null;
    const started = performance.now();
    let first = true;
    cameraMoved = false;
    // A later start after a failed one keeps whatever the status says meanwhile ("path
    // of ..."): only a status that still reads "laying out" is replaced when it ends.
    if (attempt === 0) status(`laying out ${nodes.length} entities…`);
    current.onerror = (event) => {
      // A worker a newer layout replaced, its loading cut short, has nothing to report.
      if (worker !== current) { event.preventDefault(); return; }
      if (first && attempt < LAYOUT_STARTS - 1) {
        event.preventDefault();
        current.terminate(); worker = null;
        setTimeout(() => { if (run === layoutRun) runLayout(attempt + 1); }, 250 * (attempt + 1));
        return;
      }
      status(`layout failed: ${event.message || "worker error"}`, true);
    };
    current.onmessage = (event) => {
      if (worker !== current) return;
      const { positions, done } = event.data;
      nodes.forEach((n, i) => {
        if (n.pinned) return;
        n.x = positions[2 * i]; n.y = positions[2 * i + 1];
      });
      if (first && !cameraMoved) canvas.fit(); else canvas.requestDraw();
      first = false;
      if (done) {
        if (!cameraMoved) canvas.fit();
        window.threadline.layoutMs = performance.now() - started;
        if ($("status").textContent.startsWith("laying out")) status(`${nodes.length} entities laid out`);
        current.terminate(); worker = null;
      }
    };
    current.postMessage({
      nodes: nodes.map((n) => ({ id: n.id, x: n.x, y: n.y, size: n.r, fixed: n.pinned })),
      edges: canvas.edges.filter((e) => e.type !== COMENTION || nodes.length < 3000)
        .map((e) => [e.source, e.target, Math.min(e.weight || 1, 5)]),
    });
  }

  // -- loading views ---------------------------------------------------------------

  async function loadWhole(limit) {
    status("loading the graph…");
    const comentions = $("comentions").checked ? 1 : 0;
    const payload = await api(`/api/graph?comentions=${comentions}&limit=${limit || 20000}`);
    snapshot();
    view.nodes.clear(); view.edges.clear();
    canvas.centre = null;
    merge(payload, null);
    sync(true);
    canvas.fit();
    let note = payload.left_out ? ` (${payload.left_out} less central left out)` : "";
    if (payload.edges_left_out) note += ` (${payload.edges_left_out} weakest co-mentions left out)`;
    status(`${payload.nodes.length} entities${note}`);
    return payload;
  }

  async function focus(entityId, keep) {
    const comentions = $("comentions").checked ? 1 : 0;
    const payload = await api(`/api/neighbors/${encodeURIComponent(entityId)}?comentions=${comentions}`);
    snapshot();
    if (!keep) { view.nodes.clear(); view.edges.clear(); }
    canvas.centre = entityId;
    const added = merge(payload, keep ? entityId : null);
    sync(true);
    select(entityId);
    const note = payload.left_out ? `; ${payload.left_out} weaker neighbours left out` : "";
    status(`${added} entities added${note}`);
  }

  function showPayload(payload, what) {
    snapshot();
    view.nodes.clear(); view.edges.clear();
    canvas.centre = null;
    merge(payload, null);
    sync(true);
    status(`${what}: ${payload.nodes.length} entities`);
  }

  // -- selection and the entity panel -------------------------------------------------

  function select(entityId, add) {
    if (!add) canvas.selected.clear();
    canvas.selected.add(entityId);
    canvas.requestDraw();
    guard(showEntity(entityId));
  }

  function tab(name) {
    for (const button of document.querySelectorAll(".tabs button")) {
      button.classList.toggle("active", button.dataset.tab === name);
    }
    for (const panel of document.querySelectorAll(".tab")) panel.hidden = panel.id !== `tab-${name}`;
  }

  function docLine(doc, withTitle = true) {
    const parts = withTitle ? [doc.title || doc.doc_id] : [];
    if (doc.date) parts.push(doc.date);
    if (doc.source) parts.push(doc.source);
    const line = el("div", { class: "doc-meta" }, parts.join(" · "));
    if (doc.url) {
      const safe = /^https?:\/\//i.test(doc.url);
      line.append(" · ", safe
        ? el("a", { href: doc.url, target: "_blank", rel: "noopener noreferrer" }, label(doc.url, 60))
        : el("span", {}, label(doc.url, 60)));
    }
    return line;
  }

  async function showEntity(entityId) {
    const entity = await api(`/api/entity/${encodeURIComponent(entityId)}`);
    const box = $("tab-entity");
    box.replaceChildren();
    tab("entity");
    box.append(
      el("h3", { class: "entity-name" }, label(entity.name, 120)),
      el("p", { class: "muted" }, `${entity.type} · ${entity.mention_count || 0} mentions in ${(entity.doc_ids || []).length} documents · id ${entity.id}`),
    );
    if ((entity.aliases || []).length) box.append(el("p", { class: "aliases" }, "also: ", entity.aliases.map((a) => label(a, 60)).join("; ")));
    box.append(el("div", { class: "actions" },
      el("button", { type: "button", onclick: () => guard(focus(entity.id, false)) }, "Centre here"),
      el("button", { type: "button", onclick: () => guard(focus(entity.id, true)) }, "Expand"),
      el("button", { type: "button", onclick: () => hideSelected() }, "Hide"),
      el("button", { type: "button", onclick: () => pinSelected() }, "Pin"),
    ));
    box.append(curationForm(entity));
    box.append(el("h4", {}, `Relations (${entity.relations.length})`));
    const groups = new Map();
    for (const relation of entity.relations) {
      const key = relation.type;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(relation);
    }
    for (const [type, relations] of groups) {
      const section = el("details", { class: "relation-group", open: groups.size <= 4 },
        el("summary", {}, el("span", { class: "swatch line", style: null, dataset: { color: relationColor(type) } }), ` ${type} (${relations.length})`));
      section.querySelector(".swatch").style.background = relationColor(type);
      for (const relation of relations) {
        const arrow = relation.direction === "out" ? `→ ${label(relation.name, 60)}` : `← ${label(relation.name, 60)}`;
        const props = Object.entries(relation.properties || {}).map(([k, v]) => `${k}: ${v}`).join(", ");
        const item = el("div", { class: "relation" },
          el("a", { href: "#", class: "entity-link", onclick: (ev) => { ev.preventDefault(); guard(focus(relation.id, true)); } }, arrow),
          props ? el("span", { class: "muted" }, ` (${props})`) : null);
        for (const evidence of relation.evidence || []) {
          const doc = entity.documents[evidence.doc_id] || { doc_id: evidence.doc_id };
          item.append(el("blockquote", { class: "evidence" },
            el("p", { class: "sentence" }, evidence.sentence),
            docLine(doc),
            el("div", { class: "muted" }, `rule ${evidence.rule}, confidence ${evidence.confidence ?? "–"} `,
              el("button", { type: "button", class: "open-doc", onclick: () => guard(openDocument(evidence.doc_id, evidence.start, evidence.end)) }, "Open document"))));
        }
        section.append(item);
      }
      box.append(section);
    }
    if ((entity.mentioned_with || []).length) {
      box.append(el("h4", {}, "Mentioned with (co-mentions, not relations)"));
      box.append(el("p", { class: "comentions" }, ...entity.mentioned_with.slice(0, 20).map((c, i) => [
        i ? ", " : "",
        el("a", { href: "#", onclick: (ev) => { ev.preventDefault(); guard(focus(c.id, true)); } }, label(c.name, 40)),
        ` (${c.weight})`,
      ])));
    }
    box.append(el("h4", {}, "Documents"));
    const list = el("ul", { class: "documents" });
    for (const docId of entity.doc_ids || []) {
      const doc = entity.documents[docId] || { doc_id: docId };
      list.append(el("li", {}, el("a", { href: "#", onclick: (ev) => { ev.preventDefault(); guard(openDocument(docId, null, null, entity.id)); } }, label(doc.title || docId, 80)), doc.date ? ` · ${doc.date}` : ""));
    }
    box.append(list);
  }

  // -- documents ----------------------------------------------------------------------

  async function openDocument(docId, start, end, entityId) {
    const doc = await api(`/api/documents/${encodeURIComponent(docId)}`);
    const box = $("tab-document");
    box.replaceChildren(el("h3", { class: "doc-title" }, label(doc.title || doc.doc_id, 160)), docLine(doc, false));
    tab("document");
    if (doc.text === null) {
      box.append(el("p", { class: "error" }, `The text cannot be shown: ${doc.problem}`));
      return;
    }
    // Cut the text at every mention and sentence boundary; each piece is a text node.
    const text = doc.text;
    const cuts = new Set([0, text.length]);
    const mentions = doc.mentions.filter((m) => m.start >= 0 && m.end <= text.length && m.start < m.end);
    for (const m of mentions) { cuts.add(m.start); cuts.add(m.end); }
    const hasSentence = Number.isInteger(start) && Number.isInteger(end) && start < end;
    if (hasSentence) { cuts.add(start); cuts.add(end); }
    const points = [...cuts].sort((a, b) => a - b);
    const body = el("div", { class: "document-text" });
    let firstHit = null;
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const mention = mentions.find((m) => m.start <= a && m.end >= b);
      const inSentence = hasSentence && a >= start && b <= end;
      const piece = text.slice(a, b);
      if (!mention && !inSentence) { body.append(document.createTextNode(piece)); continue; }
      const span = el(mention ? "mark" : "span", {}, piece);
      if (mention) {
        span.className = "mention";
        span.title = mention.type;
        span.style.borderBottomColor = typeColor(mention.type);
        if (mention.id) {
          span.classList.add("linked");
          span.addEventListener("click", () => select(mention.id));
          if (mention.id === entityId && !firstHit) firstHit = span;
        }
      }
      if (inSentence) span.classList.add("sentence-hit");
      body.append(span);
    }
    box.append(body);
    const target = box.querySelector(".sentence-hit") || firstHit;
    if (target) target.scrollIntoView({ block: "center" });
  }

  // -- curation -------------------------------------------------------------------------

  function curationForm(entity) {
    const action = el("select", { "aria-label": "Curation action", class: "curation-action" },
      ["merge", "split", "rename", "retype", "reject"].map((a) => el("option", { value: a }, a)));
    const argument = el("input", { type: "text", class: "curation-argument", placeholder: "entity that joins this one", list: "curation-suggestions" });
    const types = el("select", { class: "curation-type", hidden: true }, [...meta.types.keys()].map((t) => el("option", { value: t }, t)));
    const aliases = el("select", { class: "curation-alias", hidden: true }, (entity.aliases || []).map((a) => el("option", { value: a }, label(a, 60))));
    const note = el("input", { type: "text", class: "curation-note", placeholder: "note (why)" });
    const hints = { merge: "entity that joins this one", rename: "new name", split: "", retype: "", reject: "" };
    action.addEventListener("change", () => {
      const a = action.value;
      argument.hidden = !(a === "merge" || a === "rename");
      argument.placeholder = hints[a];
      types.hidden = a !== "retype";
      aliases.hidden = a !== "split";
    });
    const apply = el("button", { type: "button", class: "curation-apply", onclick: () => guard((async () => {
      const a = action.value;
      const arg = a === "retype" ? types.value : a === "split" ? aliases.value : a === "reject" ? null : argument.value.trim();
      if (a !== "reject" && !arg) throw new Error(`${a}: say ${a === "merge" ? "which entity joins" : "the new value"}`);
      status(`recording ${a}… (rebuilding graph and store)`);
      const result = await api("/api/judgements", { method: "POST", body: { action: a, name: entity.name, type: entity.type, argument: arg, note: note.value.trim() || null } });
      await afterCuration(result.found || null);
      status(`recorded: ${a} ${label(entity.name)}`);
    })()) }, "Apply");
    return el("details", { class: "curation" }, el("summary", {}, "Curate"), el("div", { class: "row" }, action, argument, types, aliases), el("div", { class: "row" }, note, apply));
  }

  async function afterCuration(entityId) {
    await loadMeta();
    await showJudgements();
    const centre = entityId || (canvas.centre && view.nodes.has(canvas.centre) ? canvas.centre : null);
    if (centre) {
      try { await focus(centre, false); return; } catch (err) { /* gone: fall back to the overview */ }
    }
    await loadWhole(500);
  }

  async function showJudgements() {
    const data = await api("/api/judgements");
    const list = $("judgement-list");
    list.replaceChildren(...data.judgements.map((j) => el("li", {},
      `${j.action} ${label(j.name, 50)}`, j.with || j.to || j.alias ? ` → ${label(j.with || j.to || j.alias, 50)}` : "",
      el("span", { class: "muted" }, ` ${j.at || ""}`))));
    $("judgement-undo").disabled = !data.undoable;
  }

  // -- queries and Cypher --------------------------------------------------------------------

  function resultTable(result, container, title) {
    container.replaceChildren();
    const rows = result.rows || [];
    container.append(el("p", { class: "muted" }, `${rows.length} rows`));
    const actions = el("div", { class: "actions" });
    actions.append(el("button", { type: "button", class: "csv", onclick: () => downloadCsv(result, title) }, "Download CSV"));
    if (result.graph && result.graph.nodes.length) {
      actions.append(el("button", { type: "button", class: "as-graph", onclick: () => showPayload(result.graph, title) }, `Show as graph (${result.graph.nodes.length})`));
    }
    container.append(actions);
    const table = el("table", { class: "result" },
      el("thead", {}, el("tr", {}, result.columns.map((c) => el("th", {}, c)))),
      el("tbody", {}, rows.slice(0, 500).map((row) => el("tr", {}, row.map((cell) => el("td", {}, cellText(cell)))))));
    container.append(el("div", { class: "table-wrap" }, table));
  }

  function cellText(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function downloadCsv(result, title) {
    const quote = (v) => {
      let s = cellText(v);
      if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;  // a spreadsheet must not run a cell
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const lines = [result.columns.map(quote).join(","), ...result.rows.map((r) => r.map(quote).join(","))];
    const blob = new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv" });
    const link = el("a", { href: URL.createObjectURL(blob), download: `${title.replace(/[^\w.-]+/g, "_")}.csv` });
    document.body.append(link);
    link.click();
    setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  let catalog = [];
  async function loadQueries() {
    catalog = await api("/api/queries");
    const select = $("query-name");
    select.replaceChildren(...catalog.map((q) => el("option", { value: q.name }, q.name)));
    select.addEventListener("change", () => queryForm(select.value));
    if (catalog.length) queryForm(catalog[0].name);
  }

  function queryForm(name) {
    const query = catalog.find((q) => q.name === name);
    const form = $("query-form");
    $("query-description").textContent = query.description;
    form.replaceChildren();
    for (const p of query.parameters) {
      let input;
      if (p.choices && p.choices.length) {
        input = el("select", { name: p.name }, p.required ? el("option", { value: "" }, "") : null,
          p.choices.map((c) => el("option", { value: c, selected: c === p.default }, c)));
      } else if (p.type === "bool") {
        input = el("input", { type: "checkbox", name: p.name, checked: !!p.default });
      } else if (p.type === "int" || p.type === "float") {
        input = el("input", { type: "number", name: p.name, value: p.default ?? "", min: p.min ?? null, max: p.max ?? null, step: p.type === "int" ? 1 : "any" });
      } else {
        input = el("input", { type: "text", name: p.name, value: p.default ?? "", list: p.type === "entity" ? "entity-suggestions" : null, required: p.required });
        if (p.type === "entity") input.addEventListener("input", () => suggestInto(input.value));
      }
      form.append(el("label", { class: "block" }, `${p.name}${p.required ? " *" : ""} `, input, el("small", { class: "muted" }, p.help)));
    }
    form.append(el("button", { type: "submit" }, "Run query"));
    form.onsubmit = (ev) => {
      ev.preventDefault();
      const params = {};
      for (const p of query.parameters) {
        const input = form.elements[p.name];
        params[p.name] = p.type === "bool" ? input.checked : input.value;
      }
      guard((async () => {
        status(`running ${name}…`);
        const result = await api(`/api/queries/${encodeURIComponent(name)}`, { method: "POST", body: { params } });
        resultTable(result, $("query-result"), name);
        status(`${name}: ${result.rows.length} rows`);
      })());
    };
  }

  async function suggestInto(text) {
    if (text.trim().length < 2) return;
    const found = await api(`/api/search?q=${encodeURIComponent(text)}`);
    $("entity-suggestions").replaceChildren(...found.map((e) => el("option", { value: e.name })));
  }

  // -- search -------------------------------------------------------------------------------

  let searchTimer = null;
  function setupSearch() {
    const input = $("search"), list = $("suggestions");
    let items = [], active = -1;
    const render = () => {
      list.replaceChildren(...items.map((e, i) => el("li", {
        role: "option", class: i === active ? "active" : null,
        onmousedown: (ev) => { ev.preventDefault(); choose(i); },
      }, el("span", { class: "swatch" }), ` ${label(e.name, 60)} `, el("span", { class: "muted" }, e.type),
        (e.aliases || []).length ? el("span", { class: "muted alias" }, ` · ${label(e.aliases.slice(0, 3).join("; "), 50)}`) : null)));
      [...list.children].forEach((li, i) => { li.querySelector(".swatch").style.background = typeColor(items[i].type); });
      list.hidden = !items.length;
    };
    const choose = (i) => {
      const entity = items[i];
      if (!entity) return;
      list.hidden = true;
      input.value = entity.name;
      guard(focus(entity.id, false));
    };
    input.addEventListener("input", () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => guard((async () => {
        items = input.value.trim() ? await api(`/api/search?q=${encodeURIComponent(input.value)}`) : [];
        active = items.length ? 0 : -1;
        render();
      })()), 120);
    });
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown") { active = Math.min(active + 1, items.length - 1); render(); ev.preventDefault(); }
      else if (ev.key === "ArrowUp") { active = Math.max(active - 1, 0); render(); ev.preventDefault(); }
      else if (ev.key === "Enter") { choose(Math.max(active, 0)); ev.preventDefault(); }
      else if (ev.key === "Escape") { list.hidden = true; }
    });
    input.addEventListener("blur", () => setTimeout(() => { list.hidden = true; }, 150));
  }

  // -- filters and legend ---------------------------------------------------------------------

  async function loadMeta() {
    const data = await api("/api/meta");
    $("workspace-name").textContent = `${data.workspace}: ${data.entities} entities, ${data.relations} relations`;
    const firstLoad = !meta.types.size;
    meta.types = new Map(data.entity_types.map((t) => [t.name, t]));
    meta.relations = new Map(data.relation_types.map((r) => [r.name, r]));
    const typeList = $("type-filters"), relationList = $("relation-filters");
    if (firstLoad) {
      for (const t of data.entity_types) filters.types.add(t.name);
      for (const r of data.relation_types) filters.relations.add(r.name);
    } else {
      for (const t of data.entity_types) if (!typeList.querySelector(`input[value="${CSS.escape(t.name)}"]`)) filters.types.add(t.name);
      for (const r of data.relation_types) if (!relationList.querySelector(`input[value="${CSS.escape(r.name)}"]`)) filters.relations.add(r.name);
    }
    const row = (item, set, line) => {
      const box = el("input", { type: "checkbox", value: item.name, checked: set.has(item.name) });
      box.addEventListener("change", () => {
        if (box.checked) set.add(item.name); else set.delete(item.name);
        updateCounts(); canvas.requestDraw();
      });
      const swatch = el("span", { class: line ? "swatch line" : "swatch" });
      swatch.style.background = item.color;
      return el("li", {}, el("label", {}, box, swatch, item.name === COMENTION ? "co-mention" : item.name, el("span", { class: "count" }, item.count)));
    };
    typeList.replaceChildren(...data.entity_types.map((t) => row(t, filters.types, false)));
    relationList.replaceChildren(...data.relation_types.map((r) => row(r, filters.relations, true)));
    return data;
  }

  function setupFilters() {
    $("confidence").addEventListener("input", (ev) => {
      filters.confidence = Number(ev.target.value);
      $("confidence-value").textContent = ev.target.value;
      updateCounts(); canvas.requestDraw();
    });
    for (const box of document.querySelectorAll("input[name=status]")) {
      box.addEventListener("change", () => {
        if (box.checked) filters.status.add(box.value); else filters.status.delete(box.value);
        updateCounts(); canvas.requestDraw();
      });
    }
    for (const id of ["date-from", "date-to"]) {
      $(id).addEventListener("change", () => {
        filters.from = $("date-from").value; filters.to = $("date-to").value;
        updateCounts(); canvas.requestDraw();
      });
    }
    $("size-by").addEventListener("change", (ev) => { sizeBy = ev.target.value; sync(false); });
    $("label-density").addEventListener("input", (ev) => { canvas.labelDensity = Number(ev.target.value) / 100; canvas.requestDraw(); });
    canvas.labelDensity = Number($("label-density").value) / 100;
  }

  // -- view actions --------------------------------------------------------------------------------

  function hideSelected() {
    if (!canvas.selected.size) { status("select an entity first"); return; }
    snapshot();
    for (const id of canvas.selected) { const n = view.nodes.get(id); if (n) n.hidden = true; }
    canvas.selected.clear();
    sync(false);
  }

  function pinSelected() {
    if (!canvas.selected.size) { status("select an entity first"); return; }
    snapshot();
    for (const id of canvas.selected) { const n = view.nodes.get(id); if (n) n.pinned = !n.pinned; }
    canvas.requestDraw();
  }

  async function findPath() {
    const chosen = [...canvas.selected];
    if (chosen.length !== 2) { status("select two entities (shift-click the second) for a path"); return; }
    const payload = await api(`/api/path?source=${encodeURIComponent(chosen[0])}&target=${encodeURIComponent(chosen[1])}`);
    snapshot();
    merge(payload, chosen[0]);
    canvas.highlight = new Set([...payload.path, ...payload.edges.map((e) => e.id)]);
    sync(true);
    status(`path of ${payload.path.length - 1} steps: ${payload.path.map((id) => label(view.nodes.get(id).name, 25)).join(" – ")}`);
  }

  // -- canvas interaction ---------------------------------------------------------------------------

  function setupCanvas() {
    const node = $("graph");
    let drag = null, moved = false;
    const point = (ev) => { const r = node.getBoundingClientRect(); return [ev.clientX - r.left, ev.clientY - r.top]; };
    node.addEventListener("mousedown", (ev) => {
      const [x, y] = point(ev);
      const hit = canvas.nodeAt(x, y);
      drag = { x, y, node: hit, cx: canvas.camera.x, cy: canvas.camera.y };
      moved = false;
    });
    window.addEventListener("mousemove", (ev) => {
      if (!drag) return;
      const [x, y] = point(ev);
      if (Math.hypot(x - drag.x, y - drag.y) > 3) moved = true;
      if (!moved) return;
      if (drag.node) {
        const [gx, gy] = canvas.toGraph(x, y);
        drag.node.x = gx; drag.node.y = gy; drag.node.pinned = true;
      } else {
        canvas.camera.x = drag.cx - (x - drag.x) / canvas.camera.scale;
        canvas.camera.y = drag.cy - (y - drag.y) / canvas.camera.scale;
        cameraMoved = true;
        canvas.interact();
        return;
      }
      canvas.requestDraw();
    });
    window.addEventListener("mouseup", (ev) => {
      if (!drag) return;
      const wasDrag = moved, hit = drag.node;
      drag = null;
      if (wasDrag) return;
      if (hit) select(hit.id, ev.shiftKey);
      else { canvas.selected.clear(); canvas.highlight.clear(); canvas.requestDraw(); }
    });
    node.addEventListener("dblclick", (ev) => {
      const [x, y] = point(ev);
      const hit = canvas.nodeAt(x, y);
      if (hit) guard(focus(hit.id, true));
    });
    node.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      const [x, y] = point(ev);
      const [gx, gy] = canvas.toGraph(x, y);
      const factor = Math.exp(-ev.deltaY * 0.0015);
      canvas.camera.scale = Math.min(40, Math.max(0.005, canvas.camera.scale * factor));
      const [nx, ny] = canvas.toGraph(x, y);
      canvas.camera.x += gx - nx; canvas.camera.y += gy - ny;
      cameraMoved = true;
      canvas.interact();
    }, { passive: false });
    node.addEventListener("mousemove", (ev) => {
      if (drag) return;
      const [x, y] = point(ev);
      const hit = canvas.nodeAt(x, y);
      node.title = hit ? `${label(hit.name, 80)} (${hit.type})` : "";
      node.style.cursor = hit ? "pointer" : "grab";
    });
    window.addEventListener("resize", () => canvas.resize());
    document.addEventListener("keydown", (ev) => {
      if (ev.target.matches("input, textarea, select")) return;
      if (ev.key === "h") hideSelected();
      else if (ev.key === "p") pinSelected();
      else if (ev.key === "z" && (ev.ctrlKey || ev.metaKey)) undoView();
    });
  }

  // -- start -------------------------------------------------------------------------------------------

  function setup() {
    document.body.append(el("datalist", { id: "entity-suggestions" }), el("datalist", { id: "curation-suggestions" }));
    for (const button of document.querySelectorAll(".tabs button")) button.addEventListener("click", () => tab(button.dataset.tab));
    $("whole").addEventListener("click", () => guard(loadWhole(20000)));
    $("comentions").addEventListener("change", () => {
      if (canvas.centre) guard(focus(canvas.centre, false)); else guard(loadWhole(20000));
    });
    $("path").addEventListener("click", () => guard(findPath()));
    $("hide").addEventListener("click", hideSelected);
    $("pin").addEventListener("click", pinSelected);
    $("undo").addEventListener("click", undoView);
    $("relayout").addEventListener("click", () => { sync(false); runLayout(); });
    $("fit").addEventListener("click", () => canvas.fit());
    $("cypher-run").addEventListener("click", () => guard((async () => {
      status("running Cypher…");
      const result = await api("/api/cypher", { method: "POST", body: { query: $("cypher-text").value } });
      resultTable(result, $("cypher-result"), "cypher");
      status(`Cypher: ${result.rows.length} rows`);
    })().catch((err) => { $("cypher-result").replaceChildren(el("p", { class: "error" }, err.message)); throw err; })));
    $("judgement-undo").addEventListener("click", () => guard((async () => {
      status("undoing the last judgement… (rebuilding graph and store)");
      const result = await api("/api/judgements", { method: "POST", body: { action: "undo" } });
      await afterCuration(null);
      status(`undone: ${result.undone.action} ${label(result.undone.name)}`);
    })()));
    setupSearch();
    setupFilters();
    setupCanvas();
  }

  window.threadline = {
    canvas, view, api, loadWhole, focus, select, openDocument, showPayload, layoutMs: null,
    ready: false,
  };

  setup();
  guard((async () => {
    const data = await loadMeta();
    await Promise.all([loadQueries(), showJudgements()]);
    await loadWhole(data.entities > 2000 ? 500 : 2000);
    window.threadline.ready = true;
  })());
})();
