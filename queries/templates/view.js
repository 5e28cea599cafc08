/* threadline view: draws the graph from the JSON block and wires up search,
   filters, tooltips and the evidence panel. Text from documents is only ever
   put on screen with textContent, never parsed as HTML. */
(function () {
  "use strict";
  var started = performance.now();
  var body = document.body;
  var data = JSON.parse(document.getElementById("threadline-data").textContent);
  var nodeInfo = data.info.nodes;
  var edgeInfo = data.info.edges;
  var documents = data.info.documents;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var hiddenTypes = new Set();
  var hiddenRelations = new Set();
  var nodeView = new vis.DataView(nodes, {
    filter: function (n) { return !hiddenTypes.has(nodeInfo[n.id].type); }
  });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      return !hiddenRelations.has(edgeInfo[e.id].type) &&
        !hiddenTypes.has(nodeInfo[e.from].type) && !hiddenTypes.has(nodeInfo[e.to].type);
    }
  });
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  body.dataset.setupMs = String(Math.round(performance.now() - started));

  body.dataset.nodesTotal = String(nodes.length);
  body.dataset.edgesTotal = String(edges.length);

  function updateCounts() {
    body.dataset.nodesVisible = String(nodeView.length);
    body.dataset.edgesVisible = String(edgeView.length);
    document.getElementById("visible-count").textContent =
      nodeView.length + " of " + nodes.length + " entities and " +
      edgeView.length + " of " + edges.length + " relations visible";
  }
  updateCounts();

  /* Layout: stabilize, then switch physics off so the picture stops moving. */
  var freeze = document.getElementById("freeze");
  var progress = document.getElementById("progress");
  var physicsOn = true;
  function setPhysics(on) {
    physicsOn = on;
    network.setOptions({ physics: { enabled: on } });
    freeze.textContent = on ? "Freeze layout" : "Unfreeze layout";
    freeze.setAttribute("aria-pressed", on ? "false" : "true");
    body.dataset.physics = on ? "on" : "off";
  }
  function settled() {
    if (body.dataset.state === "settled") return;
    setPhysics(false);
    freeze.disabled = false;
    var ms = Math.round(performance.now() - started);
    body.dataset.settleMs = String(ms);
    body.dataset.state = "settled";
    progress.textContent = "Layout settled in " + (ms / 1000).toFixed(1) + " s";
  }
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "Laying out… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);
  if (nodes.length === 0) settled();
  freeze.addEventListener("click", function () { setPhysics(!physicsOn); });
  document.getElementById("fit").addEventListener("click", function () {
    network.fit({ animation: { duration: 300 } });
  });

  /* Legend and filters: one checkbox per entity type and per relation type. */
  function filterList(listId, items, hidden, withSwatch) {
    var list = document.getElementById(listId);
    items.forEach(function (item) {
      var li = el("li");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = item.name;
      box.dataset.filter = item.name;
      box.addEventListener("change", function () {
        if (box.checked) hidden.delete(item.name); else hidden.add(item.name);
        nodeView.refresh();
        edgeView.refresh();
        updateCounts();
      });
      label.appendChild(box);
      if (withSwatch) {
        var swatch = el("span", null, "swatch");
        swatch.style.background = item.color;
        label.appendChild(swatch);
      }
      label.appendChild(el("span", item.name));
      label.appendChild(el("span", item.count, "count"));
      li.appendChild(label);
      list.appendChild(li);
    });
  }
  filterList("type-filters", data.types, hiddenTypes, true);
  filterList("relation-filters", data.relations, hiddenRelations, true);

  /* Tooltip for entities: name, type, aliases. */
  var tooltip = document.getElementById("tooltip");
  network.on("hoverNode", function (p) {
    var info = nodeInfo[p.node];
    tooltip.replaceChildren(el("strong", info.name), el("div", info.type, "type"));
    if (info.aliases.length) tooltip.appendChild(el("div", "Also: " + info.aliases.join("; ")));
    var rect = container.getBoundingClientRect();
    tooltip.style.left = (rect.left + p.pointer.DOM.x + 14) + "px";
    tooltip.style.top = (rect.top + p.pointer.DOM.y + 14) + "px";
    tooltip.hidden = false;
  });
  network.on("blurNode", function () { tooltip.hidden = true; });
  network.on("dragStart", function () { tooltip.hidden = true; });

  /* The details panel: an entity, or a relation with its evidence. */
  var details = document.getElementById("details-body");
  var pinned = null;
  function nameOf(id) { return nodeInfo[id] ? nodeInfo[id].name : String(id); }

  function showEdge(id) {
    var edge = edges.get(id);
    var info = edgeInfo[id];
    if (!edge || !info) return;
    details.replaceChildren();
    details.dataset.edge = id;
    delete details.dataset.node;
    details.appendChild(el("h3", nameOf(edge.from) + " \u2192 " + info.type + " \u2192 " + nameOf(edge.to)));
    Object.keys(info.properties).forEach(function (key) {
      details.appendChild(el("p", key + ": " + info.properties[key], "meta"));
    });
    details.appendChild(el("p", info.weight + " evidence sentence" + (info.weight === 1 ? "" : "s"), "meta"));
    var list = el("ol", null, "evidence");
    info.evidence.forEach(function (item) {
      var li = el("li");
      li.appendChild(el("blockquote", item.sentence));
      var source = documents[item.doc] || item.doc || "unknown document";
      var cite = source;
      if (item.rule) cite += " \u00b7 " + item.rule;
      if (typeof item.confidence === "number") cite += " \u00b7 confidence " + item.confidence.toFixed(2);
      li.appendChild(el("cite", cite));
      list.appendChild(li);
    });
    details.appendChild(list);
    if (info.more) details.appendChild(el("p", info.more + " more sentences are in the workspace.", "meta"));
  }

  function showNode(id) {
    var info = nodeInfo[id];
    if (!info) return;
    details.replaceChildren();
    details.dataset.node = id;
    delete details.dataset.edge;
    details.appendChild(el("h3", info.name));
    details.appendChild(el("p", info.type, "meta"));
    if (info.aliases.length) details.appendChild(el("p", "Also known as: " + info.aliases.join("; "), "meta"));
    ["mention_count", "doc_count", "degree", "pagerank", "community"].forEach(function (key) {
      if (typeof info[key] === "number") {
        var value = key === "pagerank" ? info[key].toFixed(4) : String(info[key]);
        details.appendChild(el("p", key.replace("_", " ") + ": " + value, "meta"));
      }
    });
    var connected = network.getConnectedEdges(id);
    if (connected.length) {
      details.appendChild(el("p", "Relations (click for evidence):", "meta"));
      var list = el("ul");
      connected.forEach(function (edgeId) {
        var edge = edges.get(edgeId);
        var button = el("button", nameOf(edge.from) + " \u2192 " + edgeInfo[edgeId].type + " \u2192 " + nameOf(edge.to), "link");
        button.type = "button";
        button.addEventListener("click", function () {
          pinned = edgeId;
          network.selectEdges([edgeId]);
          showEdge(edgeId);
        });
        var li = el("li");
        li.appendChild(button);
        list.appendChild(li);
      });
      details.appendChild(list);
    }
  }

  network.on("hoverEdge", function (p) { if (pinned === null) showEdge(p.edge); });
  network.on("click", function (p) {
    if (p.nodes.length) { pinned = p.nodes[0]; showNode(p.nodes[0]); }
    else if (p.edges.length) { pinned = p.edges[0]; showEdge(p.edges[0]); }
    else { pinned = null; }
  });

  /* Search: exact name, then alias, then prefix, then substring; case-insensitive. */
  var datalist = document.getElementById("entity-names");
  var ids = Object.keys(nodeInfo);
  ids.forEach(function (id) {
    var option = el("option");
    option.value = nodeInfo[id].name;
    datalist.appendChild(option);
  });
  function findNode(query) {
    var q = query.trim().toLowerCase();
    if (!q) return null;
    var tests = [
      function (info) { return info.name.toLowerCase() === q; },
      function (info) { return info.aliases.some(function (a) { return a.toLowerCase() === q; }); },
      function (info) { return info.name.toLowerCase().indexOf(q) === 0; },
      function (info) {
        return info.name.toLowerCase().indexOf(q) >= 0 ||
          info.aliases.some(function (a) { return a.toLowerCase().indexOf(q) >= 0; });
      }
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < ids.length; i++) if (tests[t](nodeInfo[ids[i]])) return ids[i];
    }
    return null;
  }
  var status = document.getElementById("search-status");
  document.getElementById("search").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("search-input").value;
    var id = findNode(query);
    if (id === null) {
      status.textContent = "No entity matches \u201c" + query.trim() + "\u201d";
      delete body.dataset.focused;
      return;
    }
    var info = nodeInfo[id];
    if (hiddenTypes.has(info.type)) {
      hiddenTypes.delete(info.type);
      var box = document.querySelector('#type-filters input[data-filter="' + CSS.escape(info.type) + '"]');
      if (box) box.checked = true;
      nodeView.refresh();
      edgeView.refresh();
      updateCounts();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    pinned = id;
    showNode(id);
    status.textContent = "Found: " + info.name;
    body.dataset.focused = id;
  });

  window.threadlineView = { network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView };
  body.dataset.state = body.dataset.state === "settled" ? "settled" : "stabilizing";
})();
