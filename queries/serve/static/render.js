// The graph canvas: draws nodes, coloured edges and labels with a 2D canvas.
// Chosen by measurement: without a GPU, WebGL runs in software and redraws a
// 10k-node graph far slower than a 2D canvas that batches one path per colour.
// Labels never overlap (a coarse occupancy grid), bigger entities first;
// edge labels appear when few enough edges are on screen to read them.
"use strict";

(function () {
  const LABEL_FONT = "13px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  const EDGE_FONT = "11px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

  // The part of segment (x1,y1)-(x2,y2) inside box [xmin, ymin, xmax, ymax]
  // (Liang-Barsky), or null when it misses the box.
  function clip(x1, y1, x2, y2, box) {
    const dx = x2 - x1, dy = y2 - y1;
    let t0 = 0, t1 = 1;
    const p = [-dx, dx, -dy, dy];
    const q = [x1 - box[0], box[2] - x1, y1 - box[1], box[3] - y1];
    for (let i = 0; i < 4; i++) {
      if (p[i] === 0) { if (q[i] < 0) return null; continue; }
      const r = q[i] / p[i];
      if (p[i] < 0) { if (r > t1) return null; if (r > t0) t0 = r; }
      else { if (r < t0) return null; if (r < t1) t1 = r; }
    }
    return [x1 + t0 * dx, y1 + t0 * dy, x1 + t1 * dx, y1 + t1 * dy];
  }

  class GraphCanvas {
    constructor(canvas) {
      this.canvas = canvas;
      // willReadFrequently keeps the canvas in memory, rasterized by the CPU: where
      // the GPU is emulated in software (SwiftShader), a GPU-backed canvas took
      // minutes for a frame of 50,000 edges; on the CPU it takes tens of ms.
      this.ctx = canvas.getContext("2d", { alpha: false, willReadFrequently: true });
      this.nodes = [];       // {id, name, type, x, y, r, color, hidden, pinned}
      this.edges = [];       // {source, target, type, label, color, ...} with s/t node refs
      this.camera = { x: 0, y: 0, scale: 1 };
      this.selected = new Set();
      this.highlight = new Set();  // edge or node ids drawn emphasised (a path)
      this.centre = null;
      this.labelDensity = 0.4;
      this.visibleNode = () => true;
      this.visibleEdge = () => true;
      this.lastDrawMs = 0;
      this.minR = 3;
      this.frames = 0;
      this._pending = false;
      this.resize();
    }

    resize() {
      const ratio = window.devicePixelRatio || 1;
      const rect = this.canvas.getBoundingClientRect();
      this.width = Math.max(1, rect.width);
      this.height = Math.max(1, rect.height);
      this.canvas.width = Math.round(this.width * ratio);
      this.canvas.height = Math.round(this.height * ratio);
      this.ratio = ratio;
      this.requestDraw();
    }

    // Screen <-> graph coordinates.
    toScreen(x, y) {
      const c = this.camera;
      return [(x - c.x) * c.scale + this.width / 2, (y - c.y) * c.scale + this.height / 2];
    }
    toGraph(sx, sy) {
      const c = this.camera;
      return [(sx - this.width / 2) / c.scale + c.x, (sy - this.height / 2) / c.scale + c.y];
    }

    fit() {
      const shown = this.nodes.filter((n) => this.visibleNode(n));
      if (!shown.length) { this.requestDraw(); return; }
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (const n of shown) {
        minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x);
        minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y);
      }
      const w = Math.max(maxX - minX, 1), h = Math.max(maxY - minY, 1);
      this.camera.x = (minX + maxX) / 2;
      this.camera.y = (minY + maxY) / 2;
      this.camera.scale = Math.min((this.width - 80) / w, (this.height - 80) / h, 4);
      this.requestDraw();
    }

    // While the user pans or zooms a view that is slow to draw, move the last
    // full frame as a picture (a few ms), and draw in full once they pause.
    interact() {
      if (!this.snapshot || this.lastDrawMs < 40) { this.requestDraw(); return; }
      if (!this._previewPending) {
        this._previewPending = true;
        requestAnimationFrame(() => { this._previewPending = false; this.preview(); });
      }
      clearTimeout(this._settle);
      this._settle = setTimeout(() => this.requestDraw(), 150);
    }

    preview() {
      const started = performance.now();
      const ctx = this.ctx, c = this.camera, snap = this.snapshotCamera;
      const W = this.width, H = this.height;
      const k = c.scale / snap.scale;
      const dx = -k * W / 2 + (snap.x - c.x) * c.scale + W / 2;
      const dy = -k * H / 2 + (snap.y - c.y) * c.scale + H / 2;
      ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, W, H);
      ctx.drawImage(this.snapshot, dx, dy, W * k, H * k);
      if (this.flush) ctx.getImageData(0, 0, 1, 1);
      this.lastPreviewMs = performance.now() - started;
    }

    requestDraw() {
      if (this._pending) return;
      this._pending = true;
      requestAnimationFrame(() => { this._pending = false; this.draw(); });
    }

    // On-screen radius: grows with zoom, within bounds that keep big graphs legible.
    radius(n) {
      return Math.min(Math.max(n.r * Math.min(this.camera.scale, 1), this.minR), 28);
    }

    nodeAt(sx, sy) {
      const [gx, gy] = this.toGraph(sx, sy);
      let best = null, bestD = Infinity;
      const slack = 4 / this.camera.scale;
      for (const n of this.nodes) {
        if (!this.visibleNode(n)) continue;
        const d = Math.hypot(n.x - gx, n.y - gy);
        const reach = Math.max(this.radius(n), 6) / this.camera.scale + slack;
        if (d <= reach && d < bestD) { best = n; bestD = d; }
      }
      return best;
    }

    draw() {
      const started = performance.now();
      const ctx = this.ctx, c = this.camera, W = this.width, H = this.height;
      ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, W, H);
      const s = c.scale, ox = W / 2 - c.x * s, oy = H / 2 - c.y * s;
      const inView = (x, y, pad) => {
        const sx = x * s + ox, sy = y * s + oy;
        return sx > -pad && sx < W + pad && sy > -pad && sy < H + pad;
      };

      // Edges: each clipped to the screen (a long line crossing a zoomed view
      // costs the rasterizer dearly), one path per colour in bounded chunks;
      // emphasised ones drawn again on top.
      const byColor = new Map();
      const shownEdges = [];
      const box = [-10, -10, W + 10, H + 10];
      for (const e of this.edges) {
        if (!this.visibleEdge(e)) continue;
        const seg = clip(e.s.x * s + ox, e.s.y * s + oy, e.t.x * s + ox, e.t.y * s + oy, box);
        if (!seg) continue;
        shownEdges.push(e);
        let list = byColor.get(e.color);
        if (!list) { list = []; byColor.set(e.color, list); }
        list.push(seg);
      }
      const dense = shownEdges.length > 5000;
      ctx.lineWidth = dense ? 0.6 : 1.2;
      ctx.globalAlpha = dense ? 0.35 : 0.75;
      for (const [color, list] of byColor) {
        ctx.strokeStyle = color;
        for (let start = 0; start < list.length; start += 2000) {
          ctx.beginPath();
          for (const seg of list.slice(start, start + 2000)) {
            ctx.moveTo(seg[0], seg[1]);
            ctx.lineTo(seg[2], seg[3]);
          }
          ctx.stroke();
        }
      }
      ctx.globalAlpha = 1;
      // Arrow heads and emphasis when the view is readable.
      if (shownEdges.length <= 3000) {
        for (const e of shownEdges) {
          const hot = this.highlight.has(e.id) || this.selected.has(e.source) || this.selected.has(e.target);
          if (hot) {
            ctx.strokeStyle = e.color; ctx.lineWidth = 2.6;
            ctx.beginPath();
            ctx.moveTo(e.s.x * s + ox, e.s.y * s + oy);
            ctx.lineTo(e.t.x * s + ox, e.t.y * s + oy);
            ctx.stroke();
          }
          if (!e.directed) continue;
          const x1 = e.s.x * s + ox, y1 = e.s.y * s + oy, x2 = e.t.x * s + ox, y2 = e.t.y * s + oy;
          const len = Math.hypot(x2 - x1, y2 - y1);
          if (len < 24) continue;
          const ux = (x2 - x1) / len, uy = (y2 - y1) / len;
          const tipX = x2 - ux * (this.radius(e.t) + 2), tipY = y2 - uy * (this.radius(e.t) + 2);
          ctx.fillStyle = e.color;
          ctx.beginPath();
          ctx.moveTo(tipX, tipY);
          ctx.lineTo(tipX - ux * 8 - uy * 4, tipY - uy * 8 + ux * 4);
          ctx.lineTo(tipX - ux * 8 + uy * 4, tipY - uy * 8 - ux * 4);
          ctx.fill();
        }
      }

      const edgesDone = performance.now();
      // Nodes: one path per colour.
      const shownNodes = [];
      const nodesByColor = new Map();
      for (const n of this.nodes) {
        if (!this.visibleNode(n) || !inView(n.x, n.y, 40)) continue;
        shownNodes.push(n);
        let list = nodesByColor.get(n.color);
        if (!list) { list = []; nodesByColor.set(n.color, list); }
        list.push(n);
      }
      this.minR = shownNodes.length > 3000 ? 1.5 : 3;
      for (const [color, list] of nodesByColor) {
        ctx.fillStyle = color;
        ctx.beginPath();
        for (const n of list) {
          const r = this.radius(n), x = n.x * s + ox, y = n.y * s + oy;
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, Math.PI * 2);
        }
        ctx.fill();
      }
      // Rings: ego centre (double ring), selection, pins.
      for (const n of shownNodes) {
        const r = this.radius(n), x = n.x * s + ox, y = n.y * s + oy;
        if (n.id === this.centre) {
          ctx.strokeStyle = "#111"; ctx.lineWidth = 3;
          ctx.beginPath(); ctx.arc(x, y, r + 4, 0, Math.PI * 2); ctx.stroke();
          ctx.lineWidth = 1.5;
          ctx.beginPath(); ctx.arc(x, y, r + 8, 0, Math.PI * 2); ctx.stroke();
        }
        if (this.selected.has(n.id) || this.highlight.has(n.id)) {
          ctx.strokeStyle = "#f0a30a"; ctx.lineWidth = 3;
          ctx.beginPath(); ctx.arc(x, y, r + 2, 0, Math.PI * 2); ctx.stroke();
        }
        if (n.pinned) {
          ctx.fillStyle = "#111";
          ctx.fillRect(x - 2, y - r - 6, 4, 4);
        }
      }

      const nodesDone = performance.now();
      // Labels: biggest first, never overlapping; density sets how many.
      const budget = Math.round(20 + this.labelDensity * this.labelDensity * 600);
      const order = shownNodes.slice().sort((a, b) =>
        (b.id === this.centre) - (a.id === this.centre) ||
        (this.selected.has(b.id) - this.selected.has(a.id)) || b.r - a.r);
      // A label takes grid cells; one that would cover a taken cell is left out.
      const grid = new Set();
      const cell = 8;
      const claim = (x, y, w, h) => {
        const x0 = Math.floor(x / cell), x1 = Math.floor((x + w) / cell);
        const y0 = Math.floor((y - h / 2) / cell), y1 = Math.floor((y + h / 2) / cell);
        for (let gx = x0; gx <= x1; gx++)
          for (let gy = y0; gy <= y1; gy++) if (grid.has(gx * 100003 + gy)) return false;
        for (let gx = x0; gx <= x1; gx++) for (let gy = y0; gy <= y1; gy++) grid.add(gx * 100003 + gy);
        return true;
      };
      ctx.font = LABEL_FONT;
      ctx.textBaseline = "middle";
      let placed = 0;
      for (const n of order) {
        if (placed >= budget) break;
        const label = n.label;
        const r = this.radius(n);
        const x = n.x * s + ox + r + 4, y = n.y * s + oy;
        const w = ctx.measureText(label).width;
        if (!claim(x, y, w, 16)) continue;
        // A plain backdrop, not strokeText: Skia's text stroker took seconds on some frames.
        ctx.fillStyle = "rgba(255,255,255,0.85)";
        ctx.fillRect(x - 2, y - 8, w + 4, 16);
        ctx.fillStyle = n.id === this.centre ? "#000" : "#1f2328";
        ctx.fillText(label, x, y);
        placed++;
      }

      // Edge labels: only when they can be read.
      if (shownEdges.length <= 400 && s >= 0.35) {
        ctx.font = EDGE_FONT;
        ctx.textAlign = "center";
        // Edges at the centre or the selection get their labels first.
        const near = (e) => e.source === this.centre || e.target === this.centre ||
          this.selected.has(e.source) || this.selected.has(e.target);
        const labelled = shownEdges.filter(near).concat(shownEdges.filter((e) => !near(e)));
        for (const e of labelled) {
          const x1 = e.s.x * s + ox, y1 = e.s.y * s + oy, x2 = e.t.x * s + ox, y2 = e.t.y * s + oy;
          if (Math.hypot(x2 - x1, y2 - y1) < 60) continue;
          const mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
          const w = ctx.measureText(e.label).width;
          if (!claim(mx - w / 2, my, w, 14)) continue;
          ctx.fillStyle = "rgba(255,255,255,0.9)";
          ctx.fillRect(mx - w / 2 - 2, my - 7, w + 4, 14);
          ctx.fillStyle = e.color;
          ctx.fillText(e.label, mx, my);
        }
        ctx.textAlign = "start";
      }
      this.shown = { nodes: shownNodes.length, edges: shownEdges.length, labels: placed };
      const labelsDone = performance.now();
      if (this.flush) ctx.getImageData(0, 0, 1, 1);  // measure rasterization too
      if (shownEdges.length > 3000 || shownNodes.length > 2000) {
        if (!this.snapshot) {
          this.snapshot = document.createElement("canvas");
          this.snapshotCtx = this.snapshot.getContext("2d", { willReadFrequently: true });
        }
        this.snapshot.width = this.canvas.width;
        this.snapshot.height = this.canvas.height;
        this.snapshotCtx.drawImage(this.canvas, 0, 0);
        this.snapshotCamera = { ...this.camera };
      } else {
        this.snapshot = null;
      }
      this.lastDrawMs = performance.now() - started;
      this.timings = { edges: edgesDone - started, nodes: nodesDone - edgesDone,
        labels: labelsDone - nodesDone, raster: performance.now() - labelsDone };
      this.frames++;
    }
  }

  window.GraphCanvas = GraphCanvas;
})();
