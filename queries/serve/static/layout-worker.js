// ForceAtlas2 off the main thread, then overlap removal (graphology-library).
// Receives {nodes: [{id, x, y, size, fixed}], edges: [[source, target, weight]], iterations}
// and posts {positions: Float64Array [x0, y0, x1, y1, ...], done} every few
// iterations, so the page redraws while the layout settles.
"use strict";
// The library bundle's GEXF/GraphML parts look up these XML classes when it
// loads (DOMParser, Document); workers have none, and the layout never uses them.
self.DOMParser = self.DOMParser || class {};
self.XMLSerializer = self.XMLSerializer || class {};
self.Document = self.Document || class {};
importScripts("/static/vendor/graphology.umd.min.js", "/static/vendor/graphology-library.min.js");

let run = 0;

self.onmessage = (event) => {
  const { nodes, edges, iterations } = event.data;
  const current = ++run;
  const graph = new graphology.Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  for (const n of nodes) graph.addNode(n.id, { x: n.x, y: n.y, size: n.size, fixed: !!n.fixed });
  for (const [s, t, w] of edges) {
    if (s === t || !graph.hasNode(s) || !graph.hasNode(t)) continue;
    if (graph.hasEdge(s, t)) graph.updateEdgeAttribute(s, t, "weight", (v) => (v || 0) + w);
    else graph.addEdge(s, t, { weight: w });
  }
  const fa2 = graphologyLibrary.layoutForceAtlas2;
  const settings = Object.assign(fa2.inferSettings(graph), {
    barnesHutOptimize: graph.order > 500,
    adjustSizes: false,
    edgeWeightInfluence: 0.5,
    gravity: 1,
    strongGravityMode: true,
    scalingRatio: graph.order > 2000 ? 20 : 60,
    slowDown: 1 + Math.log(graph.order + 1),
  });
  const total = iterations || (graph.order > 5000 ? 60 : graph.order > 1000 ? 150 : 300);
  const chunk = graph.order > 5000 ? 5 : graph.order > 1000 ? 15 : 50;
  const ids = nodes.map((n) => n.id);
  const post = (done) => {
    const positions = new Float64Array(ids.length * 2);
    ids.forEach((id, i) => {
      positions[2 * i] = graph.getNodeAttribute(id, "x");
      positions[2 * i + 1] = graph.getNodeAttribute(id, "y");
    });
    self.postMessage({ positions, done }, [positions.buffer]);
  };
  let doneIterations = 0;
  const step = () => {
    if (current !== run) return;  // a newer layout replaced this one
    fa2.assign(graph, { iterations: chunk, settings });
    doneIterations += chunk;
    if (doneIterations < total) {
      post(false);
      setTimeout(step, 0);
      return;
    }
    if (graph.order <= 5000) {
      graphologyLibrary.layoutNoverlap.assign(graph, {
        maxIterations: 60,
        settings: { margin: 6, ratio: 1.2, expansion: 1.1 },
      });
    }
    post(true);
  };
  step();
};
