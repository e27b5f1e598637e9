/* gongkai: sort and filter document tables in the browser (no server needed).
   Tables inside <div class="gk-table"> get a filter box, and their column headers sort
   on click (again to reverse). Without JavaScript the tables simply stay as they are. */
(function () {
  "use strict";

  function cellValue(row, i) {
    var cell = row.cells[i];
    return cell ? cell.textContent.trim() : "";
  }

  function compare(a, b) {
    var x = parseFloat(a.replace(/,/g, "")), y = parseFloat(b.replace(/,/g, ""));
    if (!isNaN(x) && !isNaN(y) && /^[\d.,\-–]+/.test(a) && /^[\d.,\-–]+/.test(b)) return x - y;
    return a.localeCompare(b, "zh-Hans-CN");
  }

  function enhance(wrapper) {
    var table = wrapper.querySelector("table");
    if (!table || wrapper.dataset.gkReady) return;
    wrapper.dataset.gkReady = "1";
    var body = table.tBodies[0];
    if (!body) return;
    var input = document.createElement("input");
    input.type = "search";
    input.className = "gk-filter md-input";
    input.placeholder = "筛选本表（输入标题、文号、机关或日期）";
    input.setAttribute("aria-label", "筛选本表");
    var status = document.createElement("span");
    status.className = "gk-filter-status";
    status.setAttribute("aria-live", "polite");
    wrapper.insertBefore(status, wrapper.firstChild);
    wrapper.insertBefore(input, wrapper.firstChild);
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase(), shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var hit = !q || row.textContent.toLowerCase().indexOf(q) >= 0;
        row.hidden = !hit;
        if (hit) shown++;
      });
      status.textContent = q ? "显示 " + shown + " / " + body.rows.length + " 行" : "";
    });
    Array.prototype.forEach.call(table.tHead ? table.tHead.rows[0].cells : [], function (th, i) {
      th.classList.add("gk-sortable");
      th.setAttribute("role", "button");
      th.tabIndex = 0;
      th.title = "点击排序";
      function sort() {
        var desc = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", desc ? "descending" : "ascending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var r = compare(cellValue(a, i), cellValue(b, i));
          return desc ? -r : r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".gk-table"), enhance);
  }
  if (typeof document$ !== "undefined") document$.subscribe(init);  /* Material instant loading */
  else if (document.readyState !== "loading") init();
  else document.addEventListener("DOMContentLoaded", init);
})();
