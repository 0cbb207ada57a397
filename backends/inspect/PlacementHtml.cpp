//===- PlacementHtml.cpp - a model's placement as one HTML page -----------===//
//
// One file a user can open anywhere: the graph is inline SVG laid out here
// (GraphLayout.h), styles and script are inline, nothing is fetched. Each
// op is `<g class="op npu|cpu" data-op=... data-device=...>` carrying its
// placement in data attributes; the script shows them on hover and click.
// The script ends by writing a self-check into #nndct-status (op count,
// computed fill per device, script errors) that the browser test reads
// from Chromium's --dump-dom.
//
//===----------------------------------------------------------------------===//

#include "backends/inspect/GraphLayout.h"
#include "backends/inspect/PlacementView.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::nndct;

namespace {
/// `text` safe in HTML/XML text and in double- or single-quoted attributes.
std::string esc(llvm::StringRef text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

/// The first `max` characters (UTF-8 code points) of `text`, with an
/// ellipsis when cut.
std::string clip(llvm::StringRef text, size_t max) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80)
      continue;
    if (chars++ == max - 1 && i + 1 < text.size())
      return text.take_front(i).str() + "…";
  }
  return text.str();
}

constexpr llvm::StringLiteral kStyle = R"css(
body { font-family: sans-serif; margin: 0; color: #222; background: #fafafa; }
header { padding: 10px 20px; border-bottom: 1px solid #ddd; background: #fff; }
h1 { font-size: 18px; margin: 0 0 4px 0; }
.totals { margin: 2px 0; font-size: 13px; }
.legend span { display: inline-block; padding: 2px 8px; margin-right: 8px;
  border: 1px solid #888; border-radius: 4px; font-size: 12px; }
.legend .npu, .op.npu rect { fill: #8ec5ff; background: #8ec5ff; }
.legend .cpu, .op.cpu rect { fill: #ffc48a; background: #ffc48a; }
.op.none rect { fill: #dddddd; }
#layout { display: flex; align-items: flex-start; }
#graph { flex: 1; overflow: auto; }
#info { width: 320px; min-height: 120px; margin: 10px; padding: 10px;
  background: #fff; border: 1px solid #ccc; border-radius: 6px;
  font-size: 13px; position: sticky; top: 10px; }
#info h2 { font-size: 15px; margin: 0 0 6px 0; word-break: break-all; }
#info dt { font-weight: bold; margin-top: 4px; }
#info dd { margin: 0 0 0 10px; word-break: break-word; }
.op { cursor: pointer; }
.op rect { stroke: #555; stroke-width: 1; }
.op:hover rect { stroke: #000; stroke-width: 2; }
.op.selected rect { stroke: #d00; stroke-width: 3; }
.op text { font-size: 11px; pointer-events: none; }
.op text.kind { fill: #444; }
path.edge { fill: none; stroke: #999; stroke-width: 1.2; }
path.edge.hot { stroke: #d00; stroke-width: 2; }
#nndct-status { display: none; }
)css";

/// Runs first, so it also sees errors of the main script.
constexpr llvm::StringLiteral kErrorScript = R"js(
window.nndctErrors = [];
window.addEventListener('error', function (e) {
  window.nndctErrors.push(String(e.message));
  var s = document.getElementById('nndct-status');
  if (s) s.setAttribute('data-errors', String(window.nndctErrors.length));
});
)js";

constexpr llvm::StringLiteral kMainScript = R"js(
(function () {
  'use strict';
  var expected = { npu: 'rgb(142, 197, 255)', cpu: 'rgb(255, 196, 138)' };
  var ops = Array.prototype.slice.call(document.querySelectorAll('#graph g.op'));
  var edges = Array.prototype.slice.call(document.querySelectorAll('#graph path.edge'));
  var info = document.getElementById('info');
  var pinned = null;
  function field(label, value) {
    var dt = document.createElement('dt');
    dt.textContent = label;
    var dd = document.createElement('dd');
    dd.textContent = value;
    info.appendChild(dt);
    info.appendChild(dd);
  }
  function show(g) {
    var d = g.dataset;
    info.textContent = '';
    var h = document.createElement('h2');
    h.textContent = d.op;
    info.appendChild(h);
    field('kind', d.kind);
    field('device', d.device);
    if (d.device === 'npu') {
      field('engine', d.engine);
    } else {
      field('reason', d.reason);
      field('message', d.message);
    }
    field('subgraph', d.subgraph);
    field('output fix point', d.fix);
  }
  function highlight(g, on) {
    var index = g.dataset.index;
    edges.forEach(function (e) {
      if (e.dataset.from === index || e.dataset.to === index)
        e.classList.toggle('hot', on);
    });
  }
  ops.forEach(function (g) {
    g.addEventListener('mouseenter', function () { show(g); highlight(g, true); });
    g.addEventListener('mouseleave', function () {
      highlight(g, false);
      if (pinned) show(pinned);
    });
    g.addEventListener('click', function (ev) {
      ev.stopPropagation();
      if (pinned) pinned.classList.remove('selected');
      pinned = pinned === g ? null : g;
      if (pinned) {
        g.classList.add('selected');
        show(g);
      }
    });
  });
  // Opened as page.html#selftest, the page clicks its first CPU op (else
  // its first op) itself and records what the info panel then shows.
  var selftest = null;
  if (location.hash === '#selftest' && ops.length) {
    var target = ops.filter(function (g) { return g.dataset.device === 'cpu'; })[0] || ops[0];
    target.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    selftest = {
      clicked: target.dataset.op, selected: target.classList.contains('selected'),
      info: info.textContent
    };
  }
  // Self-check for tests and for the curious: what the browser computed.
  var fills = {};
  var wrong = 0;
  ops.forEach(function (g) {
    var device = g.dataset.device;
    var fill = getComputedStyle(g.querySelector('rect')).fill;
    fills[device] = fills[device] || {};
    fills[device][fill] = true;
    if (expected[device] !== fill) wrong++;
  });
  var byDevice = {};
  Object.keys(fills).sort().forEach(function (k) {
    byDevice[k] = Object.keys(fills[k]).sort();
  });
  var status = document.getElementById('nndct-status');
  status.textContent = JSON.stringify({
    ops: ops.length, edges: edges.length, fills: byDevice,
    wrongFills: wrong, selftest: selftest, errors: window.nndctErrors
  });
  status.setAttribute('data-ready', 'true');
})();
)js";
} // namespace

void mlir::nndct::writePlacementHtml(const PlacementView &view,
                                     llvm::StringRef title,
                                     llvm::raw_ostream &os) {
  std::vector<std::vector<int64_t>> producers;
  for (const PlacedOpView &op : view.ops)
    producers.push_back(op.producers);
  LayoutSizes sizes;
  LayeredLayout layout = layoutLayers(producers, sizes);
  const PlacementTotals &t = view.totals;

  os << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\">\n"
     << "<title>nndct inspect: " << esc(title) << "</title>\n<style>" << kStyle
     << "</style>\n<script>" << kErrorScript << "</script>\n</head>\n<body>\n";
  os << "<header>\n<h1>nndct inspect: " << esc(title) << " (@"
     << esc(view.function) << ")</h1>\n";
  os << "<p class=\"totals\" id=\"totals\">" << view.ops.size() << " ops: npu "
     << t.npuOps << ", cpu " << t.cpuOps << " · subgraphs " << t.subgraphs
     << " (npu " << t.npuSubgraphs << ", cpu " << t.cpuSubgraphs << ")</p>\n";
  os << "<p class=\"totals\">cpu ops by reason:";
  if (t.cpuReasons.empty())
    os << " none";
  const char *separator = " ";
  for (const auto &[reason, n] : t.cpuReasons) {
    os << separator << esc(reason) << " " << n;
    separator = ", ";
  }
  os << "</p>\n";
  os << "<div class=\"legend\"><span class=\"npu\">npu</span><span "
        "class=\"cpu\">cpu</span> hover an op for its engine or reason, "
        "click to pin it</div>\n</header>\n";
  os << "<div id=\"layout\">\n<div id=\"graph\">\n";
  // Room on the right for the edges that bend out (below).
  int64_t width = layout.width + 80;
  os << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width
     << "\" height=\"" << layout.height << "\" viewBox=\"0 0 " << width << " "
     << layout.height << "\">\n";
  os << "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" "
        "refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" "
        "orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" "
        "fill=\"#999\"/></marker></defs>\n";
  os << "<g id=\"edges\">\n";
  for (size_t i = 0; i < view.ops.size(); ++i) {
    int64_t x2 = layout.x[i] + sizes.nodeWidth / 2, y2 = layout.y[i];
    for (int64_t p : view.ops[i].producers) {
      int64_t x1 = layout.x[p] + sizes.nodeWidth / 2,
              y1 = layout.y[p] + sizes.nodeHeight;
      // An edge that skips layers bends out to the right, so it does not
      // run hidden behind the boxes of the layers between.
      int64_t span = layout.layer[i] - layout.layer[p];
      int64_t bulge =
          span > 1 ? sizes.nodeWidth / 2 + 12 * std::min<int64_t>(span, 6) : 0;
      int64_t c1 = span > 1 ? y1 + (y2 - y1) / 4 : (y1 + y2) / 2;
      int64_t c2 = span > 1 ? y2 - (y2 - y1) / 4 : (y1 + y2) / 2;
      os << "<path class=\"edge\" data-from=\"" << p << "\" data-to=\"" << i
         << "\" d=\"M " << x1 << " " << y1 << " C " << x1 + bulge << " " << c1
         << ", " << x2 + bulge << " " << c2 << ", " << x2 << " " << y2
         << "\" marker-end=\"url(#arrow)\"/>\n";
    }
  }
  os << "</g>\n<g id=\"ops\">\n";
  for (size_t i = 0; i < view.ops.size(); ++i) {
    const PlacedOpView &op = view.ops[i];
    std::string fill = op.device == "npu"   ? "#8ec5ff"
                       : op.device == "cpu" ? "#ffc48a"
                                            : "#dddddd";
    std::string why = op.engineOrReason().str();
    os << "<g class=\"op " << esc(op.device) << "\" data-index=\"" << i
       << "\" data-op=\"" << esc(op.name) << "\" data-kind=\"" << esc(op.kind)
       << "\" data-device=\"" << esc(op.device) << "\" data-engine=\""
       << esc(op.engine) << "\" data-reason=\"" << esc(op.reason)
       << "\" data-message=\"" << esc(op.message) << "\" data-subgraph=\""
       << op.subgraph << "\" data-fix=\"" << esc(op.fixPointText())
       << "\" transform=\"translate(" << layout.x[i] << "," << layout.y[i]
       << ")\">";
    os << "<title>" << esc(op.name) << " (" << esc(op.kind)
       << "): " << esc(op.device) << ", "
       << (op.onNpu() ? "engine " + esc(op.engine)
                      : esc(op.reason) +
                            (op.message.empty() ? "" : " — " + esc(op.message)))
       << "; subgraph " << op.subgraph << "</title>";
    os << "<rect width=\"" << sizes.nodeWidth << "\" height=\""
       << sizes.nodeHeight << "\" rx=\"6\" fill=\"" << fill << "\"/>";
    os << "<text x=\"8\" y=\"17\">" << esc(clip(op.name, 26)) << "</text>";
    os << "<text class=\"kind\" x=\"8\" y=\"34\">"
       << esc(clip(op.kind + " · " + why, 28)) << "</text></g>\n";
  }
  os << "</g>\n</svg>\n</div>\n";
  os << "<aside id=\"info\">Hover or click an op to see where it runs and "
        "why.</aside>\n</div>\n";
  os << "<pre id=\"nndct-status\" data-ready=\"false\"></pre>\n";
  os << "<script>" << kMainScript << "</script>\n</body>\n</html>\n";
}
