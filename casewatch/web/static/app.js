// Keyboard shortcuts for the review queue and case pages; the pages work fully without this file.
(function () {
  "use strict";
  var facts = [];
  var current = -1;

  function focus(index) {
    if (!facts.length) { return; }
    if (current >= 0 && facts[current]) { facts[current].classList.remove("focused"); }
    current = Math.max(0, Math.min(index, facts.length - 1));
    facts[current].classList.add("focused");
    facts[current].scrollIntoView({block: "nearest"});
  }

  function press(selector) {
    var fact = facts[current];
    var button = fact && fact.querySelector(selector);
    if (button) { button.click(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    facts = Array.prototype.slice.call(document.querySelectorAll("article.fact"));
    facts = facts.filter(function (f) { return f.querySelector("form.review"); });
  });

  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (event.ctrlKey || event.metaKey || event.altKey || /INPUT|TEXTAREA|SELECT/.test(tag) || !facts.length) { return; }
    var fact = facts[current];
    switch (event.key) {
      case "j": focus(current + 1); break;
      case "k": focus(current - 1); break;
      case "v": press("button.verify"); break;
      case "x": press("button.reject"); break;
      case "e":
        if (fact) { var d = fact.querySelector("details"); if (d) { d.open = true; d.querySelector("textarea").focus(); } }
        break;
      case "r":
        if (fact) { var r = fact.querySelector("input[name=reason]"); if (r) { r.focus(); } }
        break;
      default: return;
    }
    event.preventDefault();
  });
}());
