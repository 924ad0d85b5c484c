/*
 * Stale-site guard. The build decides what is upcoming; a site nobody rebuilt for weeks
 * would keep announcing meetings that are over. Items carry the last day they are
 * relevant (data-plato-until="YYYY-MM-DD", from the templates); once that day has passed
 * in the visitor's own calendar, the item is hidden, and so is a month left empty. A list
 * left empty gives way to the message that follows it (class plato-when-stale), so that
 * no heading stands over nothing.
 * Without JavaScript nothing is hidden: the page shows the build's view.
 */
(function () {
  "use strict";

  var ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // The visitor's local date, in the same form as the attribute (compared as text).
  function localToday() {
    var now = new Date();
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  function hideStale(root) {
    var today = localToday();
    root.querySelectorAll("[data-plato-until]").forEach(function (item) {
      // The calendar's "past meetings" section lists past items on purpose.
      if (item.closest(".plato-past")) return;
      var until = item.getAttribute("data-plato-until");
      if (ISO_DAY.test(until) && until < today) {
        item.hidden = true;
        item.setAttribute("data-plato-stale", "");
      }
    });
    root.querySelectorAll(".plato-month").forEach(function (month) {
      if (month.closest(".plato-past")) return;
      if (!month.querySelector("[data-plato-until]:not([data-plato-stale])")) {
        month.hidden = true;
        month.setAttribute("data-plato-stale", "");
      }
    });
    root.querySelectorAll(".plato-when-stale").forEach(function (message) {
      var list = message.previousElementSibling;
      if (!list || !list.querySelector("[data-plato-until]")) return;
      if (!list.querySelector("[data-plato-until]:not([data-plato-stale])")) {
        list.hidden = true;
        list.setAttribute("data-plato-stale", "");
        message.hidden = false;
      }
    });
  }

  hideStale(document);
  // Material's instant navigation (off today) swaps pages without reloading scripts.
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(function () {
      hideStale(document);
    });
  }
})();
