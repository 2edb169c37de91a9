// The checkboxes of a list (registry/bulk): the header's box ticks the page's rows; the bar counts
// what is ticked. The server reads the selection again; this only helps the hand.
(function () {
  "use strict";
  var form = document.getElementById("bulk-form");
  if (!form) { return; }
  var boxes = function () { return document.querySelectorAll('input[name="ids"][form="bulk-form"]'); };
  var counter = form.querySelector("[data-bulk-count]");
  var all = form.querySelector("[data-bulk-all]");
  var update = function () {
    var ticked = 0;
    boxes().forEach(function (box) { if (box.checked) { ticked += 1; } });
    counter.textContent = ticked ? counter.dataset.some + " " + ticked : counter.dataset.none;
    if (ticked && all) { all.checked = false; }
  };
  document.querySelectorAll("[data-bulk-page]").forEach(function (header) {
    header.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = header.checked; });
      update();
    });
  });
  boxes().forEach(function (box) { box.addEventListener("change", update); });
  if (all) {
    all.addEventListener("change", function () {
      if (all.checked) { boxes().forEach(function (box) { box.checked = false; }); update(); all.checked = true; }
    });
  }
})();
