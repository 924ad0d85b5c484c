/*
 * "Copy the address" buttons of the calendar subscribe blocks (partials/subscribe.html).
 *
 * The buttons are in the HTML with the `hidden` attribute: without JavaScript the
 * address stays in a read-only text field that visitors can select. This script shows
 * the buttons and copies the field's value; the result is announced in the block's
 * role="status" element, in the words the page gives (data attributes, from the catalog).
 */
(function () {
  "use strict";

  var BUTTON = "button[data-plato-copy]";

  function status(button, message) {
    var region = button.parentNode.querySelector(".plato-subscribe__status");
    if (region) region.textContent = message;
  }

  function copyBySelection(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-plato-copy"));
    if (!field) return;
    var done = function () { status(button, button.getAttribute("data-plato-copied")); };
    var failed = function () {
      field.focus();
      field.select();
      status(button, button.getAttribute("data-plato-copy-failed"));
    };
    status(button, "");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        if (copyBySelection(field)) done(); else failed();
      });
    } else if (copyBySelection(field)) {
      done();
    } else {
      failed();
    }
  }

  function showButtons() {
    document.querySelectorAll(BUTTON).forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(BUTTON) : null;
    if (button) copy(button);
  });

  // Material's instant navigation swaps pages without reloading: show the new buttons.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(showButtons);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showButtons);
  } else {
    showButtons();
  }
})();
