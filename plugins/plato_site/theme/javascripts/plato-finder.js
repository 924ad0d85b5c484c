/*
 * The territory finder of the home page (templates/plato/partials/finder.html): a visitor
 * types a commune or a postal code, the territories that serve it appear as links and the
 * status line announces how many (a polite live region). Everything is in the page: the
 * JSON made at build time (render/finder.py); nothing is fetched or sent.
 *
 * Names match whatever the accents, the case, hyphens or apostrophes, and "st"/"ste" for
 * "saint"/"sainte" (as communes.search_key in Python); digits match postal-code prefixes.
 * Without this script the form stays hidden and the list of territories serves instead.
 */
(function () {
  "use strict";

  var MIN_LETTERS = 2;
  var MAX_TERRITORIES = 8;
  var MAX_COMMUNES = 3;
  var SAINTS = { st: "saint", ste: "sainte" };

  function key(text) {
    var plain = text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae");
    return plain
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .map(function (word) {
        return SAINTS[word] || word;
      })
      .join(" ");
  }

  // How well `name` (a search key) answers `words` (the typed letters, a search key):
  // 3 same name, 2 name starts so, 1 a word of the name starts so, 0 no match.
  function score(name, words) {
    if (!words) return 1;
    if (name === words) return 3;
    if (name.indexOf(words) === 0) return 2;
    return (" " + name).indexOf(" " + words) >= 0 ? 1 : 0;
  }

  function prepare(data) {
    return data.map(function (territory) {
      return {
        name: territory.n,
        url: territory.u,
        key: key(territory.n),
        communes: territory.c.map(function (line) {
          var space = line.indexOf(" ");
          var name = line.slice(space + 1);
          return { code: line.slice(0, space), name: name, key: key(name) };
        }),
      };
    });
  }

  // The typed text: the digits (a postal code, or its start) and the words.
  function parse(query) {
    var digits = (query.match(/[0-9]+/g) || []).join("");
    var words = key(query.replace(/[0-9]+/g, " "));
    return { digits: digits, words: words };
  }

  function search(territories, query) {
    var found = [];
    territories.forEach(function (territory) {
      var best = 0;
      var matched = [];
      territory.communes.forEach(function (commune) {
        if (query.digits && commune.code.indexOf(query.digits) !== 0) return;
        var s = score(commune.key, query.words) + (query.digits === commune.code ? 1 : 0);
        if (s > 0) {
          matched.push(commune);
          best = Math.max(best, s);
        }
      });
      if (!query.digits && score(territory.key, query.words) > 0) best = Math.max(best, 1);
      if (best > 0) found.push({ territory: territory, best: best, communes: matched });
    });
    found.sort(function (a, b) {
      return b.best - a.best || a.territory.name.localeCompare(b.territory.name, "fr");
    });
    return found;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? values[name] : all;
    });
  }

  function resultItem(result, form) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = result.territory.url;
    link.textContent = result.territory.name;
    item.appendChild(link);
    if (result.communes.length) {
      var shown = result.communes.slice(0, MAX_COMMUNES).map(function (commune) {
        return commune.name + " (" + commune.code + ")";
      });
      var rest = result.communes.length - shown.length;
      var text = shown.join(", ");
      if (rest > 0) text += " " + fill(form.dataset.more, { count: rest });
      var communes = document.createElement("span");
      communes.className = "plato-finder__communes";
      communes.textContent = text;
      item.appendChild(document.createTextNode(" "));
      item.appendChild(communes);
    }
    return item;
  }

  function setUp(form) {
    var source = document.getElementById("plato-finder-data");
    if (!source) return;
    var territories = prepare(JSON.parse(source.textContent));
    var input = form.querySelector(".plato-finder__input");
    var status = form.querySelector(".plato-finder__status");
    var list = form.querySelector(".plato-finder__results");
    var contact = form.querySelector(".plato-finder__contact");
    var timer = null;

    function update() {
      var typed = input.value.trim();
      var query = parse(typed);
      list.textContent = "";
      contact.hidden = true;
      if (query.digits.length < 2 && query.words.replace(/ /g, "").length < MIN_LETTERS) {
        status.textContent = "";
        return;
      }
      var found = search(territories, query);
      found.slice(0, MAX_TERRITORIES).forEach(function (result) {
        list.appendChild(resultItem(result, form));
      });
      if (!found.length) {
        status.textContent = fill(form.dataset.none, { query: typed });
        contact.hidden = false;
      } else {
        var template = found.length === 1 ? form.dataset.foundOne : form.dataset.foundOther;
        status.textContent = fill(template, { count: found.length, query: typed });
      }
    }

    input.addEventListener("input", function () {
      // Update once typing pauses: the live region then announces one count, not one per key.
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 250);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      update();
      var first = list.querySelector("a");
      if (first) first.focus();
    });
    form.hidden = false;
    var fallback = form.parentNode.querySelector(".plato-finder__list");
    if (fallback) fallback.hidden = true;
  }

  function start() {
    document.querySelectorAll("[data-plato-finder]").forEach(function (form) {
      if (form.hidden) setUp(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
