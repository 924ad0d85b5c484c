// plato-site: loaded after Decap CMS on /admin/.
// A field staff clear in the editor must disappear from the file, as if never filled: Decap
// would write `role: ""`, which `plato-site validate` rightly refuses ("ce champ ne peut pas
// être vide"). Before every save, empty texts, empty blocks and empty lists are removed.
(function () {
  "use strict";

  function isCollection(value) {
    return value !== null && typeof value === "object" && typeof value.toJS === "function";
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

  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      return prune(data) || data.clear();
    },
  });
})();
