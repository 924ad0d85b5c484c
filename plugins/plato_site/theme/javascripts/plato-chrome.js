/*
 * The header's menu and search buttons, for keyboard users on phones and tablets.
 *
 * Material draws them as <label for="__drawer|__search"> of hidden checkboxes: a mouse or
 * a finger can press them, the Tab key never reaches them, and they have no name. With
 * the closed drawer and search out of the tab order (plato-chrome.css), these buttons
 * are the keyboard's way in: focusable, named (after the landmark or field they open),
 * pressed with Enter or Space, and saying whether they are open.
 */
(function () {
  "use strict";

  function nameFor(toggle) {
    if (toggle === "__drawer") {
      var nav = document.querySelector(".md-sidebar--primary nav[aria-label]");
      return nav ? nav.getAttribute("aria-label") : "";
    }
    var input = document.querySelector(".md-search__input");
    return input ? input.getAttribute("aria-label") : "";
  }

  function makeButton(label) {
    var toggle = document.getElementById(label.htmlFor);
    if (!toggle || label.hasAttribute("tabindex")) return;
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    if (!label.hasAttribute("aria-label")) label.setAttribute("aria-label", nameFor(label.htmlFor));
    var sync = function () {
      label.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    };
    sync();
    // Material sets the checkbox itself (no change event): read it after every click.
    toggle.addEventListener("change", sync);
    document.addEventListener("click", function () { window.setTimeout(sync, 0); }, true);
    // Material itself toggles a focused label's checkbox on Enter; Space is ours.
    label.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        label.click();
      }
    });
  }

  function enhance() {
    document
      .querySelectorAll(".md-header label.md-header__button[for=__drawer], .md-header label.md-header__button[for=__search]")
      .forEach(makeButton);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
