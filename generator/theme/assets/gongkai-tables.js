/* gongkai: tables that every reader can use, in the browser (no server needed).

   - Tables inside <div class="gk-table"> get a filter box, and each column header a
     button that sorts by it (again to reverse); the header says how it is sorted.
   - Every table of a page that is wider than its column: on a phone each row becomes a
     card, its first cell as the card's title and every other cell under the name of its
     column; on a wider screen the table scrolls sideways in a region that the keyboard
     can focus, shaded at the edge that has more. The rows keep their table roles, so a
     screen reader still reads a card as a row of the table.

   Without JavaScript the tables stay as they are and scroll. */
(function () {
  "use strict";

  var PHONE = "(max-width: 44.984375em)";  // Material's breakpoint below tablets

  function cellValue(row, i) {
    var cell = row.cells[i];
    if (!cell) return "";
    var label = cell.querySelector(".gk-cell-label");
    var text = cell.textContent;
    return (label ? text.slice(label.textContent.length) : text).trim();
  }

  function compare(a, b) {
    var x = parseFloat(a.replace(/,/g, "")), y = parseFloat(b.replace(/,/g, ""));
    if (!isNaN(x) && !isNaN(y) && /^[\d.,\-–]+/.test(a) && /^[\d.,\-–]+/.test(b)) return x - y;
    return a.localeCompare(b, "zh-Hans-CN");
  }

  /* ---- filter and sort (div.gk-table) ---- */

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
        var text = Array.prototype.map.call(row.cells, function (c, i) { return cellValue(row, i); }).join(" ");
        var hit = !q || text.toLowerCase().indexOf(q) >= 0;
        row.hidden = !hit;
        if (hit) shown++;
      });
      status.textContent = q ? "显示 " + shown + " / " + body.rows.length + " 行" : "";
    });
    Array.prototype.forEach.call(table.tHead ? table.tHead.rows[0].cells : [], function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "gk-sort";
      button.title = "按此列排序";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.classList.add("gk-sortable");
      button.addEventListener("click", function () {
        var desc = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", desc ? "descending" : "ascending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var r = compare(cellValue(a, i), cellValue(b, i));
          return desc ? -r : r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  /* ---- wide tables: cards on a phone, a focusable scrolling region elsewhere ---- */

  /* The heading the table stands under, to name its region. */
  function headingOf(table) {
    if (table.caption) return table.caption.textContent.trim();
    var el = table.closest(".md-typeset__scrollwrap") || table;
    while (el && !el.classList.contains("md-typeset")) {
      var prev = el.previousElementSibling;
      while (prev) {
        if (/^H[1-6]$/.test(prev.tagName)) return prev.textContent.trim();
        prev = prev.previousElementSibling;
      }
      el = el.parentElement;
    }
    return "";
  }

  /* Table roles made explicit (a card's display drops the implicit ones), and each
     body cell given its column's name, shown on the cards only. */
  function prepare(table) {
    if (table.dataset.gkCells) return;
    table.dataset.gkCells = "1";
    table.setAttribute("role", "table");
    var names = [];
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
    });
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (g) {
      g.setAttribute("role", "rowgroup");
    });
    if (table.tHead && table.tHead.rows.length) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
        th.setAttribute("role", "columnheader");
        names.push(th.textContent.trim());
      });
    }
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (cell.tagName === "TH") {
            cell.setAttribute("role", "rowheader");
            return;
          }
          cell.setAttribute("role", "cell");
          if (!cell.textContent.trim()) cell.classList.add("gk-empty");
          if (names[i]) {
            var label = document.createElement("span");
            label.className = "gk-cell-label";
            label.setAttribute("aria-hidden", "true");
            label.textContent = names[i];
            cell.insertBefore(label, cell.firstChild);
          }
        });
      });
    });
  }

  function overflows(el) {
    return el.scrollWidth > el.clientWidth + 1;
  }

  function wrapOf(table) {
    return table.closest(".md-typeset__scrollwrap") || table.parentElement;
  }

  function plain(wrap) {
    wrap.classList.remove("gk-cards", "gk-scroll", "gk-scroll--start", "gk-scroll--end");
    ["tabindex", "role", "aria-label"].forEach(function (a) { wrap.removeAttribute(a); });
  }

  /* Every table laid out plainly, then all measured, then each made cards or a region:
     the page is laid out once for all the measuring. */
  function layoutAll() {
    var tables = Array.prototype.slice.call(document.querySelectorAll(".md-content .md-typeset table"));
    var phone = window.matchMedia(PHONE).matches;
    tables.forEach(function (t) { plain(wrapOf(t)); });
    var wide = tables.map(function (t) { return overflows(wrapOf(t)) || overflows(t); });
    tables.forEach(function (table, i) {
      if (!wide[i]) return;
      var wrap = wrapOf(table);
      if (phone && table.tHead && table.tBodies.length) {
        prepare(table);
        wrap.classList.add("gk-cards");
        return;
      }
      wrap.classList.add("gk-scroll");
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      var name = headingOf(table);
      wrap.setAttribute("aria-label", (name ? "表格：" + name : "表格") + "（可左右滚动）");
    });
    tables.forEach(function (table, i) {
      if (wide[i] && !phone) shade({ target: wrapOf(table) });
    });
  }

  /* The shading tells which edge has more of the table. */
  function shade(ev) {
    var el = ev.target;
    if (!(el instanceof Element) || !el.classList.contains("gk-scroll")) return;
    el.classList.toggle("gk-scroll--start", el.scrollLeft > 1);
    el.classList.toggle("gk-scroll--end", el.scrollLeft + el.clientWidth >= el.scrollWidth - 1);
  }

  var timer = null;
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".gk-table"), enhance);
    layoutAll();
  }
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(layoutAll, 150);
  });
  document.addEventListener("scroll", shade, true);
  if (typeof document$ !== "undefined") document$.subscribe(init);  /* Material instant loading */
  else if (document.readyState !== "loading") init();
  else document.addEventListener("DOMContentLoaded", init);
})();
