/*
 * Small fixes to Material's behaviour, for keyboard and screen reader users and for print.
 *
 * - Material wraps Markdown tables in a horizontally scrolling box that the keyboard
 *   cannot reach (WCAG 2.1.1); when the box does overflow, it becomes a focusable,
 *   named region (named by the table's caption or the heading before it).
 * - The search dialog and the icon-only toggles of navigation sections get a name.
 * - Printing opens the folded sections (past meetings, FAQ) and folds them back after.
 */
(function () {
  "use strict";

  var WRAPPER = ".md-typeset__scrollwrap";
  var captions = 0;

  function nameOf(wrapper) {
    var caption = wrapper.querySelector("caption");
    if (caption) {
      if (!caption.id) caption.id = "plato-caption-" + ++captions;
      return caption.id;
    }
    // Nearest heading before the table, at any depth of the content.
    var headings = document.querySelectorAll(
      ".md-content h1[id], .md-content h2[id], .md-content h3[id], .md-content h4[id]"
    );
    var found = null;
    headings.forEach(function (heading) {
      if (heading.compareDocumentPosition(wrapper) & Node.DOCUMENT_POSITION_FOLLOWING) {
        found = heading.id;
      }
    });
    return found;
  }

  function updateScrollRegions() {
    document.querySelectorAll(WRAPPER).forEach(function (wrapper) {
      if (wrapper.scrollWidth > wrapper.clientWidth + 1) {
        wrapper.setAttribute("tabindex", "0");
        var label = nameOf(wrapper);
        if (label) {
          wrapper.setAttribute("role", "region");
          wrapper.setAttribute("aria-labelledby", label);
        }
      } else {
        wrapper.removeAttribute("tabindex");
        wrapper.removeAttribute("role");
        wrapper.removeAttribute("aria-labelledby");
      }
    });
  }

  // Names Material leaves out: the search dialog, and the toggles of navigation sections
  // that have an index page (an icon only), which also name the section's landmark.
  function nameUnnamed() {
    var search = document.querySelector(".md-search[role=dialog]");
    var input = document.querySelector(".md-search__input");
    if (search && input && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", input.getAttribute("aria-label") || "");
    }
    document.querySelectorAll(".md-nav__container > label.md-nav__link").forEach(function (toggle) {
      var link = toggle.parentNode.querySelector("a.md-nav__link");
      if (link && !toggle.textContent.trim()) {
        var name = document.createElement("span");
        name.className = "plato-sr";  // visually hidden: the link beside shows it
        name.textContent = link.textContent.trim();
        toggle.appendChild(name);
      }
    });
  }

  var pending = false;
  function scheduleUpdate() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      nameUnnamed();
      updateScrollRegions();
    });
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(scheduleUpdate);
  }
  document.addEventListener("DOMContentLoaded", scheduleUpdate);
  window.addEventListener("load", scheduleUpdate);
  window.addEventListener("resize", scheduleUpdate);

  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".md-content details:not([open])").forEach(function (details) {
      details.open = true;
      openedForPrint.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) {
      details.open = false;
    });
    openedForPrint = [];
  });
})();
