// The trade network page: draw the elements the server rendered with Cytoscape.js.
(function () {
  "use strict";
  var box = document.getElementById("network");
  var data = document.getElementById("network-data");
  if (!box || !data || typeof window.cytoscape !== "function") { return; }
  var base = document.body.getAttribute("data-base") || "";
  var cy = window.cytoscape({
    container: box,
    elements: JSON.parse(data.textContent),
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 8000 },
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 10, "background-color": "#4a7bb7",
        "width": 18, "height": 18, "text-valign": "bottom", "color": "#222" } },
      { selector: "node[kind = 'foreign']", style: { "background-color": "#d98c3f", "shape": "diamond" } },
      { selector: "node[hops = 0]", style: { "background-color": "#1b3d6e", "width": 28, "height": 28 } },
      { selector: "edge", style: { "width": "mapData(value, 0, 1000000, 1, 8)", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "line-color": "#9aa7b5", "target-arrow-color": "#9aa7b5" } },
      { selector: "edge[controlled > 0.5]", style: { "line-color": "#c0392b", "target-arrow-color": "#c0392b" } }
    ]
  });
  cy.on("tap", "node", function (evt) {
    var d = evt.target.data();
    if (d.kind === "holder" && d.hops > 0) {
      window.location.href = base + "/network/" + encodeURIComponent(d.id);
    }
  });
  window.tamgaNetwork = cy;
})();
