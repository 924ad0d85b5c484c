// plato-site: loaded after Decap CMS on /admin/. Before every save:
// - a field staff clear disappears from the file, as if never filled: Decap would write
//   `role: ""`, which `plato-site validate` rightly refuses ("ce champ ne peut pas être vide");
// - the keys inside groups, meetings, events… are written in the order of the form (the order
//   of the guide), not in the order Decap happens to hold them: the file stays readable.
(function () {
  "use strict";

  // Field names by collection (and by file for the network), written in by the build:
  // [[name, [[child, [...]], ...]], ...].
  var FIELD_ORDER = {};

  function isCollection(value) {
    return value !== null && typeof value === "object" && typeof value.toJS === "function";
  }

  function isList(value) {
    return typeof value.push === "function";
  }

  function prune(value) {
    if (value === undefined || value === null || value === "") {
      return undefined;
    }
    if (isCollection(value)) {
      var kept = value.map(prune).filter(function (item) {
        return item !== undefined;
      });
      return kept.size > 0 ? kept : undefined;
    }
    return value;
  }

  function ordered(value, fields) {
    if (!isCollection(value) || !fields || fields.length === 0) {
      return value;
    }
    if (isList(value)) {
      return value.map(function (item) {
        return ordered(item, fields);
      });
    }
    var result = value.toOrderedMap().clear();
    fields.forEach(function (field) {
      if (value.has(field[0])) {
        result = result.set(field[0], ordered(value.get(field[0]), field[1]));
      }
    });
    value.forEach(function (item, key) {
      if (!result.has(key)) {
        result = result.set(key, item);
      }
    });
    return result;
  }

  function fieldsOf(entry) {
    var order = FIELD_ORDER[entry.get("collection")];
    if (order && !Array.isArray(order)) {
      order = order[entry.get("slug")]; // a file of a file collection
    }
    return order;
  }

  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      var kept = prune(data) || data.clear();
      return ordered(kept, fieldsOf(event.entry));
    },
  });
})();
